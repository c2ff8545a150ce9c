using FluentValidation;
using Mediator;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Sla;

namespace RecoveryDesk.Application.Handoffs;

public sealed record AcceptHandoffCommand(Guid ActorId, Guid CaseId, Guid HandoffId, int? ExpectedVersion = null) : ICaseCommand<CaseWritten>;

public sealed class AcceptHandoffValidator : AbstractValidator<AcceptHandoffCommand>
{
    public AcceptHandoffValidator()
    {
        RuleFor(c => c.CaseId).RequiredId();
        RuleFor(c => c.HandoffId).RequiredId();
    }
}

public sealed class AcceptHandoffHandler(RecoveryDeskDbContext db, CaseWrites cases) : ICommandHandler<AcceptHandoffCommand, CaseWritten>
{
    public async ValueTask<CaseWritten> Handle(AcceptHandoffCommand command, CancellationToken cancellationToken) =>
        await cases.WriteAsync(command, async (@case, actor, now) =>
        {
            // A hand-off to another team moves the case onto that team's SLA policy and calendar.
            var receivingTeam = @case.Handoffs.FirstOrDefault(h => h.Id == command.HandoffId)?.ToTeamId;
            var terms = receivingTeam is { } team ? await db.TermsForAsync(team, @case.Priority, cancellationToken) : null;
            @case.AcceptHandoff(actor, command.HandoffId, now, terms);
            return new CaseWritten(@case.Id, @case.Version);
        }, cancellationToken);
}
