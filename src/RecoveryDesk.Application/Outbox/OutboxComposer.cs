using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Public;
using RecoveryDesk.Application.Staff;
using RecoveryDesk.Application.Cases;
using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Domain.Sla;
using RecoveryDesk.Domain.Staff;

namespace RecoveryDesk.Application.Outbox;

/// <summary>
/// Turns what a save is about to commit into outbox messages, so they commit (or roll back) with it:
/// each case event becomes one message for the staff who should hear of it, each public timeline
/// entry one message for the customer watching the case, and a change to someone's teams, roles or
/// account a StaffChanged message that regroups their live connections.
/// </summary>
internal static class OutboxComposer
{
    /// <summary>Adds the messages to the context and returns how many this save will write.</summary>
    public static int AddMessages(DbContext db, DateTimeOffset now)
    {
        var tracker = db.ChangeTracker;
        // One scan for changes, not one per Entries<T>() call below.
        tracker.DetectChanges();
        var autoDetect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            var messages = new List<OutboxMessage>();
            var cases = tracker.Entries<Case>().ToList();
            if (cases.Count > 0)
            {
                var publicEntries = tracker.Entries<TimelineEntry>()
                    .Where(t => t.State == EntityState.Added && t.Entity.IsPublic)
                    .Select(t => t.Entity)
                    .ToLookup(t => t.CaseId);
                foreach (var entry in cases)
                {
                    messages.AddRange(entry.Entity.DequeueEvents().Select(e => ForStaff(entry, e)));
                    messages.AddRange(ForCustomer(entry, [.. publicEntries[entry.Entity.Id].OrderBy(t => t.CaseVersion)], now));
                }
            }

            messages.AddRange(ForStaffChanges(tracker, now));

            // A save that failed and is tried again on the same context still holds its first messages.
            var added = tracker.Entries<OutboxMessage>().Where(m => m.State == EntityState.Added).Select(m => m.Entity).ToList();
            var pending = added.Select(KeyOf).ToHashSet();
            var fresh = messages.Where(m => pending.Add(KeyOf(m))).ToList();
            db.Set<OutboxMessage>().AddRange(fresh);
            // Every message this save writes, those added by the command itself too, links back to its trace.
            var traceParent = Telemetry.CurrentTraceParent();
            foreach (var message in added.Concat(fresh))
            {
                message.TraceParent ??= traceParent;
            }

            return pending.Count;
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    private static (Guid, int, string, string, bool) KeyOf(OutboxMessage m) => (m.CaseId, m.CaseVersion, m.EventName, m.Audiences, m.IsPublic);

    private static OutboxMessage ForStaff(EntityEntry<Case> entry, CaseEvent @event)
    {
        var @case = entry.Entity;
        var handoff = HandoffOf(@case, @event);
        var audiences = AudiencesOf(@case, @event, handoff);
        // Whoever owned the case, or whose queue it was in, before this change hears that it moved on.
        if (entry.Property(c => c.OwnerId).OriginalValue is { } previousOwner && previousOwner != @case.OwnerId)
        {
            audiences.Add(LiveGroups.Agent(previousOwner));
        }

        if (entry.Property(c => c.TeamId).OriginalValue is var previousTeam && previousTeam != @case.TeamId)
        {
            audiences.Add(LiveGroups.Team(previousTeam));
        }

        var message = new DeskMessage(
            @case.Id,
            @case.Version,
            @event.Name,
            @event.At,
            RowOf(entry),
            handoff is null ? null : HandoffView.Of(handoff),
            JsonSerializer.SerializeToElement(@event, @event.GetType(), LiveJson.Options));
        return new OutboxMessage
        {
            CaseId = @case.Id,
            CaseVersion = @case.Version,
            EventName = @event.Name,
            Audiences = string.Join(OutboxMessage.AudienceSeparator, audiences.Order(StringComparer.Ordinal)),
            PayloadJson = JsonSerializer.Serialize(message, LiveJson.Options),
            IsPublic = false,
            CreatedAt = @event.At,
        };
    }

    /// <summary>
    /// Who hears of an event. A hand-off offer goes to its sender and its target only (not the rest of
    /// the team); an escalation step to the people it names (the case's team's supervisors, or the
    /// admins) and the owner; anything else — including event types added later,
    /// such as SLA warnings — goes to the case's team, its owner and the supervisors.
    /// </summary>
    private static HashSet<string> AudiencesOf(Case @case, CaseEvent @event, Handoff? handoff)
    {
        var audiences = new HashSet<string>(StringComparer.Ordinal);
        if (@event is not SlaEscalated)
        {
            audiences.Add(LiveGroups.Supervisors);
        }

        void Agent(Guid? id)
        {
            if (id is { } agent)
            {
                audiences.Add(LiveGroups.Agent(agent));
            }
        }

        void Team(Guid? id)
        {
            if (id is { } team)
            {
                audiences.Add(LiveGroups.Team(team));
            }
        }

        switch (@event)
        {
            case CaseOpened opened:
                Team(opened.TeamId);
                break;
            case HandoffOffered offered:
                Agent(offered.FromAgentId);
                Agent(offered.ToAgentId);
                Team(offered.ToTeamId);
                break;
            case HandoffAccepted accepted:
                Agent(accepted.FromAgentId);
                Agent(accepted.NewOwnerId);
                Team(accepted.TeamId);
                Team(handoff?.ToTeamId);
                break;
            case HandoffDeclined declined:
                Agent(declined.FromAgentId);
                Agent(declined.DeclinedById);
                Team(handoff?.ToTeamId);
                break;
            case HandoffCancelled cancelled:
                Agent(handoff?.FromAgentId ?? @case.OwnerId);
                Agent(cancelled.ToAgentId);
                Team(cancelled.ToTeamId);
                break;
            case HandoffExpired expired:
                Agent(expired.FromAgentId);
                Agent(expired.ToAgentId);
                Team(expired.ToTeamId);
                break;
            // The customer's own actions are for the person looking after them (the queue while nobody owns it).
            case CustomerMessageReceived message:
                Agent(message.OwnerId);
                Team(message.OwnerId is null ? @case.TeamId : null);
                break;
            case ResolutionConfirmed confirmed:
                Agent(confirmed.OwnerId);
                break;
            case FeedbackReceived feedback:
                Agent(feedback.OwnerId);
                break;
            case FollowUpOpened followUp:
                Agent(followUp.OwnerId);
                Team(followUp.OwnerId is null ? @case.TeamId : null);
                break;
            // Not the team's group, nor other teams' supervisors. The admins' step goes to the admins, and
            // to the team's supervisors too: their board lists each of the team's escalations with its level.
            case SlaEscalated escalated:
                Agent(@case.OwnerId);
                audiences.Add(LiveGroups.TeamSupervisors(@case.TeamId));
                if (escalated.Audience == EscalationAudience.Admins)
                {
                    audiences.Add(LiveGroups.Admins);
                }

                break;
            default:
                Team(@case.TeamId);
                Agent(@case.OwnerId);
                break;
        }

        return audiences;
    }

    /// <summary>
    /// The customer's messages, worded exactly as GET /api/public/cases/{reference} words the same
    /// facts (<see cref="PublicWording"/>), so a status page shows the same text before and after a re-read.
    /// </summary>
    private static IEnumerable<OutboxMessage> ForCustomer(EntityEntry<Case> entry, IReadOnlyList<TimelineEntry> publicEntries, DateTimeOffset now)
    {
        var @case = entry.Entity;
        var ownerChanged = entry.Property(c => c.OwnerId).OriginalValue != @case.OwnerId;
        // A case being created has nobody watching it yet.
        if (entry.State != EntityState.Modified || (publicEntries.Count == 0 && !ownerChanged))
        {
            yield break;
        }

        var staffNames = StaffNamesOf(entry, publicEntries);
        var zone = PublicWording.ZoneOf(@case);
        var (statusText, nextStep) = PublicWording.StatusOf(@case, now, zone);
        StatusMessage Message(string eventName, DateTimeOffset at, int version, PublicTimelineItem? item) => new(
            @case.Reference,
            version,
            eventName,
            at,
            @case.Status,
            statusText,
            @case.OwnerName is { } owner ? StaffMember.FirstNameOf(owner) : null,
            nextStep,
            item);

        foreach (var timelineEntry in publicEntries)
        {
            var item = new PublicTimelineItem(
                timelineEntry.At,
                timelineEntry.Kind,
                timelineEntry.ActorKind switch
                {
                    ActorKind.Staff => StaffMember.FirstNameOf(timelineEntry.ActorName),
                    ActorKind.Customer => "You",
                    _ => null,
                },
                timelineEntry.ActorKind == ActorKind.Customer,
                PublicWording.EntryText(timelineEntry, @case, staffNames, now, zone),
                Attachments.AttachmentLinks.Pending(entry.Context, timelineEntry.Id));
            yield return ForCustomer(@case, Message(PublicEventName(timelineEntry.Kind), timelineEntry.At, timelineEntry.CaseVersion, item));
        }

        // A hand-off or reassignment adds no public entry, but the customer sees who looks after them.
        if (publicEntries.Count == 0)
        {
            yield return ForCustomer(@case, Message(LiveEvents.OwnerChanged, @case.LastActivityAt, @case.Version, item: null));
        }
    }

    private static OutboxMessage ForCustomer(Case @case, StatusMessage message) => new()
    {
        CaseId = @case.Id,
        CaseVersion = message.Version,
        EventName = message.Event,
        Audiences = LiveGroups.Case(@case.Id, @case.AccessCodeHash),
        PayloadJson = JsonSerializer.Serialize(message, LiveJson.Options),
        IsPublic = true,
        CreatedAt = message.At,
    };

    /// <summary>The colleagues whose surnames must not reach the customer: everyone this save and the loaded case know of.</summary>
    internal static List<string> StaffNamesOf(EntityEntry<Case> entry, IReadOnlyList<TimelineEntry> publicEntries) =>
    [
        .. publicEntries.Where(t => t.ActorKind == ActorKind.Staff).Select(t => t.ActorName)
            .Append(entry.Entity.OwnerName)
            .Append(entry.Property(c => c.OwnerName).OriginalValue)
            .Concat(entry.Entity.Handoffs.SelectMany(h => new[] { h.FromAgentName, h.AnsweredByName }))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal),
    ];

    private static IEnumerable<OutboxMessage> ForStaffChanges(ChangeTracker tracker, DateTimeOffset now)
    {
        var changed = new HashSet<Guid>();
        foreach (var membership in tracker.Entries<TeamMembership>())
        {
            if (membership.State is EntityState.Added or EntityState.Deleted)
            {
                changed.Add(membership.Entity.StaffId);
            }
        }

        foreach (var role in tracker.Entries<IdentityUserRole<Guid>>())
        {
            if (role.State is EntityState.Added or EntityState.Deleted)
            {
                changed.Add(role.Entity.UserId);
            }
        }

        foreach (var member in tracker.Entries<StaffMember>())
        {
            // Deactivation, or a new security stamp (signed out everywhere), ends their live connections too.
            if (member.State == EntityState.Deleted
                || (member.State == EntityState.Modified && (Changed(member.Property(m => m.IsActive)) || Changed(member.Property(m => m.SecurityStamp)))))
            {
                changed.Add(member.Entity.Id);
            }
        }

        return changed.Select(staffId => new OutboxMessage
        {
            CaseId = Guid.Empty,
            CaseVersion = 0,
            EventName = LiveEvents.StaffChanged,
            Audiences = LiveGroups.Agent(staffId),
            PayloadJson = JsonSerializer.Serialize(new StaffChangedMessage(staffId), LiveJson.Options),
            IsPublic = false,
            CreatedAt = now,
        });
    }

    private static bool Changed<T>(PropertyEntry<StaffMember, T> property) =>
        !EqualityComparer<T>.Default.Equals(property.OriginalValue, property.CurrentValue);

    /// <summary>The case's list row as it stands after this save, the same row GET /api/queue gives.</summary>
    private static CaseSummary RowOf(EntityEntry<Case> entry)
    {
        var @case = entry.Entity;
        var (slaState, nextDueAt) = CaseProjections.SlaStandingOf(@case);
        // Teams are never renamed; Find reads the team once per context and then from the tracker.
        var teamName = entry.Context.Set<Team>().Find(@case.TeamId)?.Name ?? string.Empty;
        return new(
            @case.Id,
            @case.Reference,
            @case.Subject,
            @case.Customer.Name,
            @case.Status,
            @case.Priority,
            @case.TeamId,
            teamName,
            @case.OwnerId,
            @case.OwnerName,
            @case.OpenedAt,
            @case.LastActivityAt,
            @case.PendingHandoff is not null,
            slaState,
            nextDueAt,
            @case.Version);
    }

    private static Handoff? HandoffOf(Case @case, CaseEvent @event)
    {
        Guid? handoffId = @event switch
        {
            HandoffOffered e => e.HandoffId,
            HandoffAccepted e => e.HandoffId,
            HandoffDeclined e => e.HandoffId,
            HandoffCancelled e => e.HandoffId,
            HandoffExpired e => e.HandoffId,
            _ => null,
        };
        return handoffId is null ? null : @case.Handoffs.FirstOrDefault(h => h.Id == handoffId);
    }

    /// <summary>The same names the desk uses for the change; kinds added later keep their own name.</summary>
    private static string PublicEventName(TimelineKind kind) => kind switch
    {
        TimelineKind.Opened => nameof(CaseOpened),
        TimelineKind.Claimed => nameof(CaseClaimed),
        TimelineKind.Reply => nameof(ReplySent),
        TimelineKind.WaitingOnCustomer => nameof(CaseWaitingOnCustomer),
        TimelineKind.Resumed => nameof(CaseResumed),
        TimelineKind.Resolved => nameof(CaseResolved),
        TimelineKind.Reopened => nameof(CaseReopened),
        TimelineKind.Closed => nameof(CaseClosed),
        TimelineKind.CustomerMessage => nameof(CustomerMessageReceived),
        _ => kind.ToString(),
    };
}
