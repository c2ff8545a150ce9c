using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using RecoveryDesk.Application.Staff;
using RecoveryDesk.Domain.Cases;
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
                messages.AddRange(ForCustomer(entry, [.. publicEntries[entry.Entity.Id].OrderBy(t => t.CaseVersion)]));
            }
        }

        messages.AddRange(ForStaffChanges(tracker, now));

        // A save that failed and is tried again on the same context still holds its first messages.
        var pending = tracker.Entries<OutboxMessage>()
            .Where(m => m.State == EntityState.Added)
            .Select(m => KeyOf(m.Entity))
            .ToHashSet();
        var fresh = messages.Where(m => pending.Add(KeyOf(m))).ToList();
        db.Set<OutboxMessage>().AddRange(fresh);
        return pending.Count;
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
            RowOf(@case),
            handoff is null ? null : DetailsOf(handoff),
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
    /// the team); anything else — including event types added later, such as SLA warnings — goes to
    /// the case's team, its owner and the supervisors.
    /// </summary>
    private static HashSet<string> AudiencesOf(Case @case, CaseEvent @event, Handoff? handoff)
    {
        var audiences = new HashSet<string>(StringComparer.Ordinal) { LiveGroups.Supervisors };
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
            default:
                Team(@case.TeamId);
                Agent(@case.OwnerId);
                break;
        }

        return audiences;
    }

    private static IEnumerable<OutboxMessage> ForCustomer(EntityEntry<Case> entry, IReadOnlyList<TimelineEntry> publicEntries)
    {
        // A case being created has nobody watching it yet.
        if (entry.State != EntityState.Modified)
        {
            yield break;
        }

        var @case = entry.Entity;
        var previousOwnerName = entry.Property(c => c.OwnerName).OriginalValue;
        foreach (var timelineEntry in publicEntries)
        {
            var text = FirstNamesOnly(timelineEntry.Text, timelineEntry.ActorKind == ActorKind.Staff ? timelineEntry.ActorName : null, @case.OwnerName, previousOwnerName);
            var entryView = new PublicEntry(
                timelineEntry.At,
                timelineEntry.Kind,
                timelineEntry.ActorKind,
                timelineEntry.ActorKind == ActorKind.Staff ? StaffMember.FirstNameOf(timelineEntry.ActorName) : null,
                text);
            yield return ForCustomer(@case, PublicEventName(timelineEntry.Kind), timelineEntry.At, timelineEntry.CaseVersion, entryView);
        }

        // A hand-off or reassignment adds no public entry, but the customer sees who looks after them.
        if (publicEntries.Count == 0 && entry.Property(c => c.OwnerId).OriginalValue != @case.OwnerId)
        {
            yield return ForCustomer(@case, LiveEvents.OwnerChanged, @case.LastActivityAt, @case.Version, entry: null);
        }
    }

    private static OutboxMessage ForCustomer(Case @case, string eventName, DateTimeOffset at, int version, PublicEntry? entry)
    {
        var message = new StatusMessage(
            @case.Id,
            @case.Reference,
            version,
            eventName,
            at,
            @case.Status,
            PublicStatusText(@case.Status),
            @case.OwnerName is { } owner ? StaffMember.FirstNameOf(owner) : null,
            entry);
        return new OutboxMessage
        {
            CaseId = @case.Id,
            CaseVersion = version,
            EventName = eventName,
            Audiences = LiveGroups.Case(@case.Id),
            PayloadJson = JsonSerializer.Serialize(message, LiveJson.Options),
            IsPublic = true,
            CreatedAt = at,
        };
    }

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

    private static CaseRow RowOf(Case @case) => new(
        @case.Id,
        @case.Reference,
        @case.Subject,
        @case.Customer.Name,
        @case.Status,
        @case.Priority,
        @case.TeamId,
        @case.OwnerId,
        @case.OwnerName,
        @case.OpenedAt,
        @case.LastActivityAt,
        @case.PendingHandoff is not null,
        @case.Version);

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

    private static HandoffDetails DetailsOf(Handoff handoff) => new(
        handoff.Id,
        handoff.FromAgentId,
        handoff.FromAgentName,
        handoff.ToAgentId,
        handoff.ToTeamId,
        handoff.Note,
        handoff.OfferedAt,
        handoff.ExpiresAt,
        handoff.Status,
        handoff.AnsweredByName,
        handoff.DeclineReason);

    /// <summary>The customer sees colleagues' first names only ("Ava took ownership"), never a surname.</summary>
    private static string FirstNamesOnly(string text, params string?[] staffNames)
    {
        foreach (var name in staffNames)
        {
            if (!string.IsNullOrWhiteSpace(name) && StaffMember.FirstNameOf(name) is var first && first != name)
            {
                text = text.Replace(name, first, StringComparison.Ordinal);
            }
        }

        return text;
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
        _ => kind.ToString(),
    };

    public static string PublicStatusText(CaseStatus status) => status switch
    {
        CaseStatus.New => "We have your complaint and will pick it up shortly.",
        CaseStatus.Open => "We are working on your case.",
        CaseStatus.WaitingOnCustomer => "We are waiting for your answer.",
        CaseStatus.Resolved => "We have put this right. Tell us how we did.",
        CaseStatus.Closed => "Your case is closed.",
        _ => status.ToString(),
    };
}
