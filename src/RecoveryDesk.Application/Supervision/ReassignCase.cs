using FluentValidation;
using Mediator;
using RecoveryDesk.Application.Audit;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Supervision;

public sealed record ReassignCaseCommand(Guid ActorId, Guid CaseId, Guid ToAgentId, string Reason, int? ExpectedVersion = null)
    : ICaseCommand<CaseWritten>;

public sealed class ReassignCaseValidator : AbstractValidator<ReassignCaseCommand>
{
    public ReassignCaseValidator()
    {
        RuleFor(c => c.CaseId).RequiredId();
        RuleFor(c => c.ToAgentId).RequiredId();
        RuleFor(c => c.Reason).RequiredText(Limits.Reason);
    }
}

public sealed class ReassignCaseHandler(RecoveryDeskDbContext db, CaseWrites cases) : ICommandHandler<ReassignCaseCommand, CaseWritten>
{
    public async ValueTask<CaseWritten> Handle(ReassignCaseCommand command, CancellationToken cancellationToken) =>
        await cases.WriteAsync(command, async (@case, actor, now) =>
        {
            // Decided before looking at the target, so non-supervisors learn nothing about colleagues.
            Case.RequireMayReassign(actor);
            var from = @case.OwnerId;
            @case.Reassign(actor, command.ToAgentId, await TargetNameAsync(command, cancellationToken), command.Reason, now);
            AuditTrail.Record(db, command.ActorId, AuditChange.CaseReassigned, @case.Id, new { OwnerId = from }, new { @case.OwnerId, command.Reason }, now);
            return new CaseWritten(@case.Id, @case.Version);
        }, cancellationToken);

    private async Task<string> TargetNameAsync(ReassignCaseCommand command, CancellationToken cancellationToken)
    {
        string name;
        try
        {
            name = await db.RequireActiveStaffNameAsync(command.ToAgentId, cancellationToken);
        }
        catch (NotFoundException)
        {
            throw InputErrors.For(nameof(command.ToAgentId), "There is no active colleague with that id.");
        }

        return await db.CanOwnCasesAsync(command.ToAgentId, cancellationToken)
            ? name
            : throw InputErrors.For(nameof(command.ToAgentId), "Only an agent or a supervisor can own a case.");
    }
}
