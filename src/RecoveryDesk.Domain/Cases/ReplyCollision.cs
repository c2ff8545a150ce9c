using System.Globalization;
using RecoveryDesk.Domain.Staff;

namespace RecoveryDesk.Domain.Cases;

/// <summary>A change to the case that the author of a reply had not seen when they began to write it.</summary>
public sealed record UnseenChange(TimelineKind Kind, DateTimeOffset At, int Version, Guid? ActorId, string ActorName, ActorKind ActorKind);

/// <summary>
/// A reply written against an older version of the case, refused because the case moved on since in a way
/// the reply may now contradict (HTTP 409). Nothing was sent; the author reads <see cref="Exception.Message"/>
/// and sends again, confirmed, or rewrites.
/// </summary>
public sealed class ReplyCollisionException(string message, IReadOnlyList<UnseenChange> changes, int version) : Exception(message)
{
    public IReadOnlyList<UnseenChange> Changes { get; } = changes;

    /// <summary>The case's version now, which the author has seen once they have read the message.</summary>
    public int Version { get; } = version;
}

/// <summary>
/// Which changes a reply's author must hear of before it goes out, and how they are said. They are what
/// a reply may contradict or repeat: any reply (a colleague's, or the author's own from another tab),
/// anything the customer said, and, by someone else, a change of owner or hand-off and a change of status.
/// Notes, promises, priority and the desk's clocks change nothing the customer is told in a reply.
/// </summary>
public static class ReplyCollision
{
    private const int MostSaid = 3;

    private static readonly HashSet<TimelineKind> FromTheCustomer =
        [TimelineKind.CustomerMessage, TimelineKind.ResolutionConfirmed, TimelineKind.FeedbackReceived];

    private static readonly HashSet<TimelineKind> ByOthers =
    [
        TimelineKind.Claimed, TimelineKind.HandoffOffered, TimelineKind.HandoffAccepted, TimelineKind.HandoffDeclined,
        TimelineKind.HandoffCancelled, TimelineKind.HandoffExpired, TimelineKind.Reassigned, TimelineKind.WaitingOnCustomer,
        TimelineKind.Resumed, TimelineKind.Resolved, TimelineKind.Reopened, TimelineKind.Closed,
    ];

    /// <summary>Refuses the reply when <paramref name="unseen"/> (the timeline written after the version its author saw) holds a change that matters.</summary>
    public static void Refuse(IEnumerable<TimelineEntry> unseen, Actor author, int version, DateTimeOffset now)
    {
        var changes = unseen
            .Where(e => Matters(e, author))
            .OrderBy(e => e.CaseVersion)
            .Select(e => new UnseenChange(e.Kind, e.At, e.CaseVersion, e.ActorId, e.ActorName, e.ActorKind))
            .ToList();
        if (changes.Count == 0)
        {
            return;
        }

        var said = changes.TakeLast(MostSaid).Select(c => Sentence(c, author, now));
        var earlier = changes.Count > MostSaid ? $" (and {changes.Count - MostSaid} earlier {(changes.Count - MostSaid == 1 ? "change" : "changes")})" : string.Empty;
        throw new ReplyCollisionException($"{string.Join(' ', said)}{earlier} Your reply was not sent.", changes, version);
    }

    private static bool Matters(TimelineEntry entry, Actor author) =>
        entry.Kind == TimelineKind.Reply
        || FromTheCustomer.Contains(entry.Kind)
        || (ByOthers.Contains(entry.Kind) && entry.ActorId != author.Id);

    private static string Sentence(UnseenChange change, Actor author, DateTimeOffset now)
    {
        if (change.Kind == TimelineKind.HandoffExpired)
        {
            return $"The hand-off lapsed {Ago(now - change.At)}.";
        }

        var who = change.ActorKind switch
        {
            ActorKind.Customer => "The customer",
            ActorKind.System => "The desk",
            _ => change.ActorId == author.Id ? "You" : change.ActorName,
        };
        var what = change.Kind switch
        {
            TimelineKind.Reply => "replied",
            TimelineKind.CustomerMessage => "wrote",
            TimelineKind.ResolutionConfirmed => "answered whether it is resolved",
            TimelineKind.FeedbackReceived => "said how we did",
            TimelineKind.Claimed => "claimed the case",
            TimelineKind.HandoffOffered => "offered the case to a colleague",
            TimelineKind.HandoffAccepted => "accepted the hand-off",
            TimelineKind.HandoffDeclined => "declined the hand-off",
            TimelineKind.HandoffCancelled => "withdrew the hand-off",
            TimelineKind.Reassigned => "reassigned the case",
            TimelineKind.WaitingOnCustomer => "set the case to wait on the customer",
            TimelineKind.Resumed => "resumed work on the case",
            TimelineKind.Resolved => "resolved the case",
            TimelineKind.Reopened => "reopened the case",
            TimelineKind.Closed => "closed the case",
            _ => "changed the case",
        };
        return $"{who} {what} {Ago(now - change.At)}.";
    }

    /// <summary>"just now", "20 seconds ago", "1 minute ago", "3 hours ago", "2 days ago".</summary>
    public static string Ago(TimeSpan elapsed)
    {
        static string Count(double amount, string unit)
        {
            var whole = (int)Math.Floor(amount);
            return $"{whole.ToString(CultureInfo.InvariantCulture)} {unit}{(whole == 1 ? string.Empty : "s")} ago";
        }

        return elapsed.TotalSeconds switch
        {
            < 5 => "just now",
            < 60 => Count(elapsed.TotalSeconds, "second"),
            < 3600 => Count(elapsed.TotalMinutes, "minute"),
            < 86400 => Count(elapsed.TotalHours, "hour"),
            _ => Count(elapsed.TotalDays, "day"),
        };
    }
}
