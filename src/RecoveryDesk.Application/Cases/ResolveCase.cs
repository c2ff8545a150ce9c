using FluentValidation;
using Mediator;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Cases;

/// <summary>Resolve with a summary; <paramref name="Promises"/> says what became of each promise still open (none needed when there is none).</summary>
public sealed record ResolveCaseCommand(Guid ActorId, Guid CaseId, string Summary, int? ExpectedVersion = null, IReadOnlyList<PromiseOutcome>? Promises = null) : ICaseCommand<CaseWritten>;

public sealed class ResolveCaseValidator : AbstractValidator<ResolveCaseCommand>
{
    public ResolveCaseValidator()
    {
        RuleFor(c => c.CaseId).RequiredId();
        RuleFor(c => c.Summary).RequiredText(Limits.LongText);
        RuleForEach(c => c.Promises).ChildRules(outcome =>
        {
            outcome.RuleFor(o => o.PromiseId).RequiredId();
            outcome.RuleFor(o => o.Note).OptionalText(Limits.Reason);
            outcome.RuleFor(o => o.Note).NotEmpty().When(o => !o.Kept)
                .WithMessage("Say what the customer is told about the promise not kept.");
        });
    }
}

public sealed class ResolveCaseHandler(CaseWrites cases) : ICommandHandler<ResolveCaseCommand, CaseWritten>
{
    public async ValueTask<CaseWritten> Handle(ResolveCaseCommand command, CancellationToken cancellationToken) =>
        await cases.WriteAsync(command, (@case, actor, now) => @case.Resolve(actor, command.Summary, command.Promises ?? [], now), cancellationToken);
}
