using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Attachments;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Cases;

/// <param name="SeenVersion">The version of the case the author saw when they began to write; when the case moved on since in a way that matters, the reply is refused (<see cref="ReplyCollision"/>). Null: sent as it is.</param>
/// <param name="Confirmed">The author read what changed and sends anyway.</param>
/// <param name="AttachmentIds">Files the author uploaded for the case, sent with the reply (the customer sees them).</param>
public sealed record ReplyToCaseCommand(
    Guid ActorId, Guid CaseId, string Text, int? ExpectedVersion = null, int? SeenVersion = null, bool Confirmed = false, IReadOnlyList<Guid>? AttachmentIds = null)
    : ICaseCommand<CaseWritten>;

public sealed class ReplyToCaseValidator : AbstractValidator<ReplyToCaseCommand>
{
    public ReplyToCaseValidator()
    {
        RuleFor(c => c.CaseId).RequiredId();
        RuleFor(c => c.Text).RequiredText(Limits.LongText);
        RuleFor(c => c.SeenVersion).GreaterThan(0).WithMessage("A version of the case, as GET /api/cases/{id} gave it.");
        RuleFor(c => c.AttachmentIds).AttachmentIds();
    }
}

public sealed class ReplyToCaseHandler(CaseWrites cases, RecoveryDeskDbContext db) : ICommandHandler<ReplyToCaseCommand, CaseWritten>
{
    public async ValueTask<CaseWritten> Handle(ReplyToCaseCommand command, CancellationToken cancellationToken) =>
        await cases.WriteAsync(command, async (@case, actor, now) =>
        {
            @case.Reply(actor, command.Text, now, await UnseenAsync(command, @case, cancellationToken));
            await AttachmentLinks.LinkAsync(db, @case, TimelineKind.Reply, command.AttachmentIds, actor.Id, cancellationToken);
            return new CaseWritten(@case.Id, @case.Version);
        }, cancellationToken);

    /// <summary>What was written after the version the author saw, read again with the case on every attempt; null when they did not ask to be stopped.</summary>
    private async Task<List<TimelineEntry>?> UnseenAsync(ReplyToCaseCommand command, Case @case, CancellationToken ct)
    {
        if (command.SeenVersion is not { } seen || command.Confirmed)
        {
            return null;
        }

        return seen >= @case.Version
            ? []
            : await db.Timeline.AsNoTracking().Where(t => t.CaseId == @case.Id && t.CaseVersion > seen).ToListAsync(ct);
    }
}
