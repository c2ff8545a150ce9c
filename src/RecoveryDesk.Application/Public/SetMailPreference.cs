using FluentValidation;
using Mediator;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;

namespace RecoveryDesk.Application.Public;

/// <summary>The customer stops (false) or resumes (true) update mail; replies to them still come.</summary>
public sealed record SetMailPreferenceCommand(string? Reference, string? AccessCode, bool? Updates) : ICommand<PublicCaseView>;

public sealed class SetMailPreferenceValidator : AbstractValidator<SetMailPreferenceCommand>
{
    public SetMailPreferenceValidator()
    {
        RuleFor(c => c.Updates).NotNull().WithMessage("Say whether you want update mail: true or false.");
    }
}

public sealed class SetMailPreferenceHandler(RecoveryDeskDbContext db, CaseWrites cases, TimeProvider clock) : ICommandHandler<SetMailPreferenceCommand, PublicCaseView>
{
    public async ValueTask<PublicCaseView> Handle(SetMailPreferenceCommand command, CancellationToken cancellationToken)
    {
        var @case = await cases.WriteForCustomerAsync(command.Reference, command.AccessCode, (@case, now) =>
        {
            @case.SetUpdateMail(command.Updates!.Value, now);
            return Task.FromResult(@case);
        }, cancellationToken);
        return await PublicCaseViews.ReadAsync(db, @case, clock.GetUtcNow(), cancellationToken);
    }
}
