using RecoveryDesk.Domain.Staff;

namespace RecoveryDesk.Domain.Cases;

/// <summary>One line of a case's append-only history: who, when, what, and whether the customer may see it.</summary>
public sealed class TimelineEntry
{
    private TimelineEntry()
    {
        ActorName = string.Empty;
        Text = string.Empty;
    }

    internal TimelineEntry(Guid caseId, int caseVersion, DateTimeOffset at, TimelineKind kind, Actor actor, string text, bool isPublic, Guid? subjectId = null)
    {
        Id = Guid.CreateVersion7(at);
        CaseId = caseId;
        CaseVersion = caseVersion;
        At = at;
        Kind = kind;
        ActorId = actor.Id;
        ActorName = actor.Name;
        ActorKind = actor.Kind;
        Text = text;
        IsPublic = isPublic;
        SubjectId = subjectId;
    }

    public Guid Id { get; private set; }

    public Guid CaseId { get; private set; }

    /// <summary>The case's version after the change this entry describes: the exact order of the timeline.</summary>
    public int CaseVersion { get; private set; }

    public DateTimeOffset At { get; private set; }

    public TimelineKind Kind { get; private set; }

    public Guid? ActorId { get; private set; }

    public string ActorName { get; private set; }

    public ActorKind ActorKind { get; private set; }

    public string Text { get; private set; }

    public bool IsPublic { get; private set; }

    /// <summary>The hand-off or promise this entry is about, if any.</summary>
    public Guid? SubjectId { get; private set; }

    /// <summary>Erasure only: the append-only history keeps the entry, without the customer in it.</summary>
    internal void Erase(string? actorName, string? text)
    {
        ActorName = actorName ?? ActorName;
        Text = text ?? Text;
    }
}
