using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Attachments;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Domain.Staff;

namespace RecoveryDesk.Application.Cases;

public sealed record TimelineItem(
    Guid Id,
    DateTimeOffset At,
    TimelineKind Kind,
    Guid? ActorId,
    string ActorName,
    ActorKind ActorKind,
    string Text,
    bool IsPublic,
    Guid? SubjectId,
    IReadOnlyList<AttachmentView> Attachments);

public sealed record GetTimelineQuery(Guid ActorId, Guid CaseId) : IQuery<IReadOnlyList<TimelineItem>>;

public sealed class GetTimelineHandler(RecoveryDeskDbContext db, StaffActors actors) : IQueryHandler<GetTimelineQuery, IReadOnlyList<TimelineItem>>
{
    public async ValueTask<IReadOnlyList<TimelineItem>> Handle(GetTimelineQuery query, CancellationToken cancellationToken)
    {
        await actors.LoadAsync(query.ActorId, cancellationToken);
        if (!await db.Cases.AnyAsync(c => c.Id == query.CaseId, cancellationToken))
        {
            throw new NotFoundException("There is no case with that id.");
        }

        var entries = await db.Timeline.AsNoTracking()
            .Where(t => t.CaseId == query.CaseId)
            .OrderBy(t => t.CaseVersion)
            .ToListAsync(cancellationToken);
        var files = await AttachmentLinks.OfEntriesAsync(db, query.CaseId, publicOnly: false, cancellationToken);
        return [.. entries.Select(t => new TimelineItem(t.Id, t.At, t.Kind, t.ActorId, t.ActorName, t.ActorKind, t.Text, t.IsPublic, t.SubjectId, [.. files[t.Id]]))];
    }
}
