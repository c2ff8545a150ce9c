using System.Text.Json;
using System.Text.Json.Serialization;
using RecoveryDesk.Application.Persistence;

namespace RecoveryDesk.Application.Audit;

/// <summary>What changed in the desk's configuration or in someone's authority.</summary>
public enum AuditChange
{
    StaffCreated,
    StaffDeactivated,
    TeamCreated,
    TeamMemberAdded,
    TeamMemberRemoved,
    SlaPolicyChanged,
    CalendarChanged,
    MailSettingsChanged,
    MailTemplateChanged,
    MailTemplateReset,
    MailboxChanged,
    MailboxRemoved,
    ComplaintFormChanged,
    CaseReassigned,
    AssignmentChanged,
    AvailabilitySet,
    SavedReplyCreated,
    SavedReplyChanged,
    SavedReplyDeleted,
    CustomerErased,
    ClosedCasesAnonymised,
}

/// <summary>
/// One change to configuration or authority, as it was made: who, when, what, to what, and the state
/// before and after as JSON (secrets only as "(set)"). Written with the change, never changed or deleted.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; init; }

    public DateTimeOffset At { get; init; }

    /// <summary>Null for the desk itself: the first admin from configuration, the demo data.</summary>
    public Guid? ActorId { get; init; }

    public AuditChange What { get; init; }

    /// <summary>The colleague, team or case the change is about.</summary>
    public Guid? SubjectId { get; init; }

    public string? Before { get; init; }

    public string? After { get; init; }
}

/// <summary>Adds the record of a change to the same unit of work as the change, so both commit or neither does.</summary>
public static class AuditTrail
{
    /// <summary>What a password or other secret looks like in the trail.</summary>
    public const string Secret = "(set)";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <param name="before">The state before (null when there was none: created, or the built-in default).</param>
    /// <param name="after">The state after (null when removed).</param>
    public static void Record(RecoveryDeskDbContext db, Guid? actorId, AuditChange what, Guid? subjectId, object? before, object? after, DateTimeOffset now) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = now,
            ActorId = actorId,
            What = what,
            SubjectId = subjectId,
            Before = before is null ? null : JsonSerializer.Serialize(before, Json),
            After = after is null ? null : JsonSerializer.Serialize(after, Json),
        });

    /// <summary>JSON the desk already stores (a policy, a calendar), to go into the trail as it is rather than as a string.</summary>
    public static JsonElement Stored(string json) => JsonSerializer.Deserialize<JsonElement>(json);
}
