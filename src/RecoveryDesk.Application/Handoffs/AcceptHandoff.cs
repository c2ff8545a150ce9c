using FluentValidation;
using Mediator;
using RecoveryDesk.Application.Common;
using Microsoft.EntityFrameworkCore;
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

public sealed class AcceptHandoffHandler(RecoveryDeskDbContext db, TimeProvider clock) : ICommandHandler<AcceptHandoffCommand, CaseWritten>
{
    public async ValueTask<CaseWritten> Handle(AcceptHandoffCommand command, CancellationToken cancellationToken)
    {
        // A hand-off to another team moves the case onto that team's SLA policy and calendar.
        var target = await db.Handoffs.AsNoTracking()
            .Where(h => h.Id == command.HandoffId && h.CaseId == command.CaseId && h.ToTeamId != null)
            .Join(db.Cases, h => h.CaseId, c => c.Id, (h, c) => new { TeamId = h.ToTeamId!.Value, c.Priority })
            .SingleOrDefaultAsync(cancellationToken);
        var terms = target is null ? null : await db.TermsForAsync(target.TeamId, target.Priority, cancellationToken);
        return await db.WriteCaseAsync(command.ActorId, command.CaseId, command.ExpectedVersion, clock,
            (@case, actor, now) => @case.AcceptHandoff(actor, command.HandoffId, now, terms), cancellationToken);
    }
}
