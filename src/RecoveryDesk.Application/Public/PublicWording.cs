using System.Globalization;
using System.Text.RegularExpressions;
using RecoveryDesk.Application.Staff;
using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Domain.Staff;

namespace RecoveryDesk.Application.Public;

/// <summary>
/// The plain words of the status page: where the case is, who looks after it (first name only),
/// what happens next and by when — the same due times the desk works against (SLA clocks, promises).
/// Times are written in the team calendar's time zone (UTC for a 24x7 calendar), so the text is the
/// same on every machine.
/// </summary>
internal static partial class PublicWording
{
    private const string AskFeedback = "Answer three short questions about how we did.";

    public static TimeZoneInfo ZoneOf(Case @case) => ZoneOf(@case.Terms.Calendar.TimeZoneId);

    public static TimeZoneInfo ZoneOf(string? timeZoneId) =>
        timeZoneId is { } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>How the answers name a zone: "UTC", or its IANA id.</summary>
    public static string ZoneName(TimeZoneInfo zone) => zone == TimeZoneInfo.Utc ? "UTC" : zone.Id;

    /// <summary>
    /// The desk's one way of writing a time, also js/time.js's: "Monday 2 March at 13:00 UTC", or
    /// "Monday 2 March at 13:00 (Europe/London)" in a named zone; the year only when it is not this year.
    /// </summary>
    public static string When(DateTimeOffset at, DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var thisYear = TimeZoneInfo.ConvertTime(now, zone).Year == local.Year;
        var text = local.ToString(thisYear ? "dddd d MMMM 'at' HH:mm" : "dddd d MMMM yyyy 'at' HH:mm", CultureInfo.InvariantCulture);
        return zone == TimeZoneInfo.Utc ? text + " UTC" : $"{text} ({zone.Id})";
    }

    /// <summary>The times the desk stored in an entry's text ("2026-03-03 14:00:00Z") written the one way.</summary>
    public static string TimesIn(string text, DateTimeOffset now, TimeZoneInfo zone) =>
        StoredTime().Replace(text, m => DateTimeOffset.TryParseExact(m.Value, "u", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? When(at, now, zone) : m.Value);

    public static (string StatusText, PublicNextStep? NextStep) StatusOf(Case @case, DateTimeOffset now, TimeZoneInfo zone)
    {
        // Every case past New has an owner; "our team" only guards the wording.
        var owner = @case.OwnerName is { } name ? StaffMember.FirstNameOf(name) : "Our team";
        string By(DateTimeOffset? due) => due is { } at && at > now ? $"by {When(at, now, zone)}" : "as soon as possible";
        DateTimeOffset? Future(DateTimeOffset? due) => due > now ? due : null;

        switch (@case.Status)
        {
            case CaseStatus.New:
            {
                var due = Running(@case, ClockKind.Own)?.DueAt;
                return ($"We have your complaint; someone will pick it up {By(due)}.",
                    new PublicNextStep("Someone from our team picks up your complaint.", Future(due)));
            }

            case CaseStatus.Open:
            {
                var (text, due) = NextForOpen(@case, owner);
                return ($"{owner} is looking into this; we will update you {By(due)}.",
                    new PublicNextStep(text, Future(due)));
            }

            case CaseStatus.WaitingOnCustomer:
                return ($"{owner} is waiting for your answer; write back below and we will carry on.",
                    new PublicNextStep($"Write back to {owner} with your answer.", null));

            case CaseStatus.Resolved:
            {
                var done = $"{owner} has put this right.";
                var (ask, step) = (@case.CanConfirmResolution, @case.IsSurveyOpen) switch
                {
                    (true, true) => (" Please confirm it is solved and tell us how we did.", "Confirm the problem is solved, or tell us it is not."),
                    (true, false) => (" Please confirm it is solved.", "Confirm the problem is solved, or tell us it is not."),
                    (false, true) => (" Please tell us how we did.", AskFeedback),
                    _ => (" Thank you for your feedback.", null),
                };
                return (done + ask, step is null ? null : new PublicNextStep(step, null));
            }

            default:
                return ($"Your case is closed.{(@case.IsSurveyOpen ? " Please tell us how we did." : string.Empty)} If anything is still wrong, write to us below.",
                    @case.IsSurveyOpen ? new PublicNextStep(AskFeedback, null) : null);
        }
    }

    /// <summary>One line of the public timeline in plain words: status changes are re-worded, what people wrote is kept.</summary>
    public static string EntryText(TimelineEntry entry, Case @case, IReadOnlyCollection<string> staffNames, DateTimeOffset now, TimeZoneInfo zone)
    {
        var by = entry.ActorKind == ActorKind.Staff ? StaffMember.FirstNameOf(entry.ActorName) : null;
        var promise = entry.SubjectId is { } subject ? @case.Promises.FirstOrDefault(p => p.Id == subject) : null;
        return entry.Kind switch
        {
            // The customer's own words come back exactly as they were written.
            TimelineKind.CustomerMessage => entry.Text,
            TimelineKind.Opened when entry.ActorKind == ActorKind.Customer => entry.Text,
            TimelineKind.Opened => "We received your complaint.",
            TimelineKind.Claimed => $"{by ?? "Someone"} is now looking after your case.",
            TimelineKind.PromiseMade when promise is not null => $"Promised by {When(promise.OriginalDueAt, now, zone)}: {FirstNamesOnly(promise.Text, staffNames)}",
            TimelineKind.PromiseRenegotiated => Renegotiated(entry.Text, staffNames, now, zone),
            TimelineKind.WaitingOnCustomer => "We are waiting for your answer.",
            TimelineKind.Resumed => "We are working on your case again.",
            TimelineKind.Resolved => $"Resolved: {FirstNamesOnly(entry.Text, staffNames)}",
            TimelineKind.Reopened when entry.ActorKind == ActorKind.Customer => entry.Text,
            TimelineKind.Reopened => "We reopened your case.",
            TimelineKind.Closed => "Your case is closed.",
            _ => FirstNamesOnly(TimesIn(entry.Text, now, zone), staffNames),
        };
    }

    /// <summary>Colleagues appear by first name only, never with a surname.</summary>
    public static string FirstNamesOnly(string text, IReadOnlyCollection<string> staffNames)
    {
        foreach (var name in staffNames.OrderByDescending(n => n.Length))
        {
            var first = StaffMember.FirstNameOf(name);
            if (first != name)
            {
                text = text.Replace(name, first, StringComparison.Ordinal);
            }
        }

        return text;
    }

    private static CaseClock? Running(Case @case, ClockKind kind) => @case.Clocks.FirstOrDefault(k => k.Kind == kind && k.IsRunning);

    /// <summary>First response while nobody has answered yet; then the earliest of the open promises and the resolution target.</summary>
    private static (string Text, DateTimeOffset? Due) NextForOpen(Case @case, string owner)
    {
        if (Running(@case, ClockKind.FirstResponse) is { } firstResponse)
        {
            return ($"{owner} replies to you.", firstResponse.DueAt);
        }

        var candidates = @case.Promises.Where(p => p.IsOutstanding).Select(p => (Text: p.Text, Due: p.DueAt)).ToList();
        if (Running(@case, ClockKind.Resolution) is { } resolution)
        {
            candidates.Add(($"{owner} puts this right.", resolution.DueAt));
        }

        return candidates.Count == 0 ? ($"{owner} puts this right.", null) : candidates.MinBy(c => c.Due);
    }

    /// <summary>The stored "text: now by 2026-03-03 14:00:00Z. note" with the time in plain words.</summary>
    private static string Renegotiated(string stored, IReadOnlyCollection<string> staffNames, DateTimeOffset now, TimeZoneInfo zone)
    {
        var match = RenegotiatedText().Match(stored);
        if (!match.Success || !DateTimeOffset.TryParseExact(match.Groups["due"].Value, "u", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var due))
        {
            return FirstNamesOnly(stored, staffNames);
        }

        var note = match.Groups["note"].Value.Trim();
        return FirstNamesOnly($"New time for a promise, now by {When(due, now, zone)}: {match.Groups["text"].Value}{(note.Length > 0 ? $" {note}" : string.Empty)}", staffNames);
    }

    [GeneratedRegex(@"\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex StoredTime();

    [GeneratedRegex(@"^(?<text>.*): now by (?<due>\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ)\.(?<note>.*)$", RegexOptions.Singleline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex RenegotiatedText();
}
