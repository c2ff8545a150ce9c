using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Staff;
using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Domain.Staff;

namespace RecoveryDesk.Application.Public;

/// <summary>What happens next and by when (null when it waits on the customer, or the time has passed).</summary>
public sealed record PublicNextStep(string Text, DateTimeOffset? DueAt);

public sealed record PublicPromise(string Text, DateTimeOffset DueAt);

/// <param name="By">The colleague's first name, "You" for the customer, null for the desk itself.</param>
/// <param name="Attachments">The files sent with the entry, downloaded with GET /api/public/cases/{reference}/attachments/{id}.</param>
public sealed record PublicTimelineItem(DateTimeOffset At, TimelineKind Kind, string? By, bool FromYou, string Text, IReadOnlyList<Attachments.AttachmentView> Attachments);

/// <summary>
/// The customer's status page: public facts only — no internal notes, hand-off notes, surnames,
/// contact details of staff, or internal ids. <see cref="StatusText"/> and the timeline are plain
/// words; times are UTC; <see cref="TimeZone"/> is the zone the words use.
/// </summary>
/// <param name="AddressAs">How the customer wishes to be addressed (their name until told otherwise).</param>
/// <param name="LinkedReference">The case this one follows up on, if any.</param>
/// <param name="FollowUpReferences">Cases opened from this one (a message long after closing, unhappy feedback); the same access code opens them.</param>
/// <param name="MailsYou">Whether the desk has an email address for the customer.</param>
/// <param name="UpdateMail">Whether the customer wants update mail (they can stop it; replies still come).</param>
/// <param name="Version">Changes with every change to the case; compare with the live messages.</param>
public sealed record PublicCaseView(
    string Reference,
    string Subject,
    CaseStatus Status,
    string StatusText,
    string? OwnerFirstName,
    string AddressAs,
    PublicNextStep? NextStep,
    IReadOnlyList<PublicPromise> OpenPromises,
    IReadOnlyList<PublicTimelineItem> Timeline,
    bool CanConfirmResolution,
    bool ResolutionConfirmed,
    bool SurveyOpen,
    bool FeedbackGiven,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? ClosedAt,
    string TimeZone,
    string? LinkedReference,
    IReadOnlyList<string> FollowUpReferences,
    bool MailsYou,
    bool UpdateMail,
    int Version);

internal static class PublicCaseViews
{
    /// <summary>Loaded with what the status page needs of the aggregate itself.</summary>
    public static IQueryable<Case> ForStatusPage(this DbSet<Case> cases) =>
        cases.AsNoTracking().Include(c => c.Clocks).Include(c => c.Promises).AsSplitQuery();

    /// <param name="case">With its clocks and promises loaded.</param>
    public static async Task<PublicCaseView> ReadAsync(RecoveryDeskDbContext db, Case @case, DateTimeOffset now, CancellationToken ct)
    {
        var entries = await db.Timeline.AsNoTracking()
            .Where(t => t.CaseId == @case.Id && t.IsPublic)
            .OrderBy(t => t.CaseVersion)
            .ToListAsync(ct);
        var files = await Attachments.AttachmentLinks.OfEntriesAsync(db, @case.Id, publicOnly: true, ct);
        // Everyone who ever worked the case, so their surnames can be left out of what was written.
        var staffNames = (await db.Timeline.AsNoTracking()
                .Where(t => t.CaseId == @case.Id && t.ActorKind == ActorKind.Staff)
                .Select(t => t.ActorName)
                .Distinct()
                .ToListAsync(ct))
            .Append(@case.OwnerName)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var linkedReference = @case.LinkedCaseId is { } linked
            ? await db.Cases.AsNoTracking().Where(c => c.Id == linked).Select(c => c.Reference).SingleOrDefaultAsync(ct)
            : null;
        var followUps = await db.Cases.AsNoTracking()
            .Where(c => c.LinkedCaseId == @case.Id)
            .OrderBy(c => c.OpenedAt)
            .Select(c => c.Reference)
            .ToListAsync(ct);

        var zone = PublicWording.ZoneOf(@case);
        var (statusText, nextStep) = PublicWording.StatusOf(@case, now, zone);
        var surveyAnswered = @case.Status is CaseStatus.Resolved or CaseStatus.Closed && @case.SurveyAnsweredAt is not null;
        return new PublicCaseView(
            @case.Reference,
            PublicWording.FirstNamesOnly(@case.Subject, staffNames),
            @case.Status,
            statusText,
            @case.OwnerName is { } owner ? StaffMember.FirstNameOf(owner) : null,
            @case.Customer.AddressAs,
            nextStep,
            [.. @case.Promises.Where(p => p.IsOutstanding).OrderBy(p => p.DueAt).Select(p => new PublicPromise(PublicWording.FirstNamesOnly(p.Text, staffNames), p.DueAt))],
            [.. entries.Select(e => new PublicTimelineItem(
                e.At,
                e.Kind,
                e.ActorKind switch
                {
                    ActorKind.Staff => StaffMember.FirstNameOf(e.ActorName),
                    ActorKind.Customer => "You",
                    _ => null,
                },
                e.ActorKind == ActorKind.Customer,
                PublicWording.EntryText(e, @case, staffNames, now, zone),
                [.. files[e.Id]]))],
            @case.CanConfirmResolution,
            @case.Status is CaseStatus.Resolved or CaseStatus.Closed && @case.ResolutionConfirmedAt is not null,
            @case.IsSurveyOpen,
            surveyAnswered,
            @case.OpenedAt,
            @case.ResolvedAt,
            @case.ClosedAt,
            PublicWording.ZoneName(zone),
            linkedReference,
            followUps,
            @case.Customer.Email is not null,
            @case.WantsUpdateMail,
            @case.Version);
    }
}
