using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;

namespace RecoveryDesk.Application.Handoffs;

public sealed record OfferHandoffCommand(Guid ActorId, Guid CaseId, Guid? ToAgentId, Guid? ToTeamId, string Note, int? ExpectedVersion = null)
    : ICaseCommand<OfferedHandoff>;

public sealed record OfferedHandoff(Guid HandoffId, DateTimeOffset ExpiresAt, int Version);

public sealed class OfferHandoffValidator : AbstractValidator<OfferHandoffCommand>
{
    public OfferHandoffValidator()
    {
        RuleFor(c => c.CaseId).RequiredId();
        RuleFor(c => c).Must(c => c.ToAgentId is null != c.ToTeamId is null)
            .WithName("target").WithMessage("Offer the case either to one colleague (toAgentId) or to one team (toTeamId).");
        RuleFor(c => c.ToAgentId).NotEqual(Guid.Empty).When(c => c.ToAgentId is not null);
        RuleFor(c => c.ToTeamId).NotEqual(Guid.Empty).When(c => c.ToTeamId is not null);
        RuleFor(c => c.Note).RequiredText(Limits.LongText);
    }
}

public sealed class OfferHandoffHandler(RecoveryDeskDbContext db, CaseWrites cases)
    : ICommandHandler<OfferHandoffCommand, OfferedHandoff>
{
    public async ValueTask<OfferedHandoff> Handle(OfferHandoffCommand command, CancellationToken cancellationToken)
    {
        if (command.ToAgentId is { } agent && !await db.CanOwnCasesAsync(agent, cancellationToken))
        {
            throw InputErrors.For(nameof(command.ToAgentId), "There is no active agent or supervisor with that id to hand the case to.");
        }

        if (command.ToTeamId is { } team && !await db.Teams.AnyAsync(t => t.Id == team, cancellationToken))
        {
            throw InputErrors.For(nameof(command.ToTeamId), "There is no team with that id.");
        }

        return await cases.WriteAsync(command, (@case, actor, now) =>
        {
            var handoff = @case.OfferHandoff(actor, command.ToAgentId, command.ToTeamId, command.Note, now);
            return new OfferedHandoff(handoff.Id, handoff.ExpiresAt, @case.Version);
        }, cancellationToken);
    }
}
