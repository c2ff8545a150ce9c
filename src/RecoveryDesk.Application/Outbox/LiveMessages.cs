using System.Text.Json;
using System.Text.Json.Serialization;
using RecoveryDesk.Application.Cases;
using RecoveryDesk.Application.Public;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Outbox;

/// <summary>
/// What a staff console receives on /hubs/desk for every change to a case it should know about:
/// the case id, its version after the change, the event name, and the case's list row as it now stands
/// (the same row as GET /api/queue, /api/me/cases and /api/cases give), so a console can add, move or
/// remove the row without another request.
/// </summary>
/// <param name="Handoff">Set on hand-off events: who offered it to whom, the note, and its outcome (the case detail's hand-off shape).</param>
/// <param name="Details">The event's own fields as raw JSON (e.g. a breached clock and its due time).</param>
public sealed record DeskMessage(
    Guid CaseId,
    int Version,
    string Event,
    DateTimeOffset At,
    CaseSummary Row,
    HandoffView? Handoff,
    JsonElement? Details);

/// <summary>
/// What the customer's status page receives on /hubs/status: public facts only, worded as
/// GET /api/public/cases/{reference} words them — the status in plain words, the owner's first name,
/// what happens next, and the public timeline entry the change added (if any). Like the public view
/// it names the case by its reference, never by an internal id.
/// </summary>
public sealed record StatusMessage(
    string Reference,
    int Version,
    string Event,
    DateTimeOffset At,
    CaseStatus Status,
    string StatusText,
    string? OwnerFirstName,
    PublicNextStep? NextStep,
    PublicTimelineItem? Entry);

/// <summary>Tells the live connections of one colleague to take their teams and roles from the database again.</summary>
public sealed record StaffChangedMessage(Guid StaffId);

/// <summary>The names of the groups a live connection can be in; only the server places connections in them.</summary>
public static class LiveGroups
{
    public const string Supervisors = "supervisors";

    /// <summary>The admins: they hear only what names them, an escalation step for the admins.</summary>
    public const string Admins = "admins";

    /// <summary>The supervisors who are members of one team: an escalation step for the team's supervisors reaches these.</summary>
    public static string TeamSupervisors(Guid teamId) => $"supervisors:{teamId:D}";

    public static string Agent(Guid staffId) => $"agent:{staffId:D}";

    public static string Team(Guid teamId) => $"team:{teamId:D}";

    /// <summary>The consoles that have one case open (/hubs/desk ViewCase): they hear who else views it and who is writing a reply.</summary>
    public static string Viewers(Guid caseId) => $"viewers:{caseId:D}";

    /// <summary>
    /// Customers watching one case on /hubs/status with its current access code: the group names a prefix
    /// of the code's hash, so when a new code is issued, pages opened with the old one hear nothing more.
    /// </summary>
    public static string Case(Guid caseId, string accessCodeHash) => $"case:{caseId:D}:{accessCodeHash[..Math.Min(12, accessCodeHash.Length)]}";
}

/// <summary>Event names the outbox writes besides the case events' own names.</summary>
public static class LiveEvents
{
    public const string StaffChanged = "StaffChanged";

    /// <summary>Public: someone else now looks after the customer (a hand-off or reassignment).</summary>
    public const string OwnerChanged = "OwnerChanged";

    /// <summary>Staff: a mail to the customer was sent or failed (a <see cref="Mail.MailUpdate"/>, hub method MailEvent).</summary>
    public const string MailUpdated = "MailUpdated";

    /// <summary>Staff: a colleague became available, away or off shift (an <see cref="Assignment.AvailabilityView"/>, hub method StaffEvent).</summary>
    public const string AvailabilityChanged = "AvailabilityChanged";
}

public static class LiveJson
{
    /// <summary>camelCase and enums as strings, like the HTTP API.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
