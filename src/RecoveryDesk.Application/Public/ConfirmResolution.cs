using FluentValidation;
using Mediator;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;

namespace RecoveryDesk.Application.Public;

/// <summary>"Is it resolved?" Yes is recorded; no reopens the case. Only while it is resolved.</summary>
public sealed record ConfirmResolutionCommand(string? Reference, string? AccessCode, bool? Resolved, string? Comment) : ICommand<PublicCaseView>;

public sealed class ConfirmResolutionValidator : AbstractValidator<ConfirmResolutionCommand>
{
    public ConfirmResolutionValidator()
    {
        RuleFor(c => c.Resolved).NotNull().WithMessage("Say whether the problem is solved: true or false.");
        RuleFor(c => c.Comment).OptionalText(Limits.CustomerText);
    }
}

public sealed class ConfirmResolutionHandler(RecoveryDeskDbContext db, CaseWrites cases, TimeProvider clock) : ICommandHandler<ConfirmResolutionCommand, PublicCaseView>
{
    public async ValueTask<PublicCaseView> Handle(ConfirmResolutionCommand command, CancellationToken cancellationToken)
    {
        var @case = await cases.WriteForCustomerAsync(command.Reference, command.AccessCode, (@case, now) =>
        {
            @case.ConfirmResolution(command.Resolved!.Value, command.Comment, now);
            return Task.FromResult(@case);
        }, cancellationToken);
        return await PublicCaseViews.ReadAsync(db, @case, clock.GetUtcNow(), cancellationToken);
    }
}
