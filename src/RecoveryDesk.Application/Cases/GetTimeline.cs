using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Attachments;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Public;
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

/// <summary>The whole timeline; the times the desk wrote into entries read as every page writes times, in the team calendar's zone.</summary>
public sealed class GetTimelineHandler(RecoveryDeskDbContext db, StaffActors actors, TimeProvider clock) : IQueryHandler<GetTimelineQuery, IReadOnlyList<TimelineItem>>
{
    public async ValueTask<IReadOnlyList<TimelineItem>> Handle(GetTimelineQuery query, CancellationToken cancellationToken)
    {
        await actors.LoadAsync(query.ActorId, cancellationToken);
        var @case = await db.Cases.AsNoTracking().SingleOrDefaultAsync(c => c.Id == query.CaseId, cancellationToken)
            ?? throw new NotFoundException("There is no case with that id.");
        var zone = PublicWording.ZoneOf(@case);
        var now = clock.GetUtcNow();
        var entries = await db.Timeline.AsNoTracking()
            .Where(t => t.CaseId == query.CaseId)
            .OrderBy(t => t.CaseVersion)
            .ToListAsync(cancellationToken);
        var files = await AttachmentLinks.OfEntriesAsync(db, query.CaseId, publicOnly: false, cancellationToken);
        return [.. entries.Select(t => new TimelineItem(
            t.Id, t.At, t.Kind, t.ActorId, t.ActorName, t.ActorKind,
            t.ActorKind == ActorKind.System || t.Kind is TimelineKind.PromiseMade or TimelineKind.PromiseRenegotiated ? PublicWording.TimesIn(t.Text, now, zone) : t.Text,
            t.IsPublic, t.SubjectId, [.. files[t.Id]]))];
    }
}
