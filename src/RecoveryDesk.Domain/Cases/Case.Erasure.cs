using RecoveryDesk.Domain.Loyalty;
using RecoveryDesk.Domain.Staff;

namespace RecoveryDesk.Domain.Cases;

/// <summary>
/// The customer's right to be forgotten: what identifies them or was written by or about them goes;
/// what the figures are made of (times, states, clocks, priorities, loyalty scores) stays.
/// </summary>
public sealed partial class Case
{
    /// <summary>The customer's name on an erased case.</summary>
    public const string ErasedCustomerName = "Erased customer";

    /// <summary>Stands for every free text of an erased case.</summary>
    public const string ErasedText = "(erased)";

    /// <summary>
    /// Entries the desk words itself from staff names, times, priorities and references only: they keep
    /// their text. Every other kind, including kinds added later, is erased.
    /// </summary>
    private static readonly HashSet<TimelineKind> DeskWorded =
    [
        TimelineKind.Opened, TimelineKind.Claimed, TimelineKind.HandoffAccepted, TimelineKind.HandoffCancelled,
        TimelineKind.HandoffExpired, TimelineKind.WaitingOnCustomer, TimelineKind.Resumed, TimelineKind.Closed,
        TimelineKind.PriorityChanged, TimelineKind.SlaReevaluated, TimelineKind.SlaWarning, TimelineKind.SlaBreached,
        TimelineKind.SlaEscalated, TimelineKind.ResolutionConfirmed, TimelineKind.MailPreference,
        TimelineKind.AccessCodeReissued, TimelineKind.FollowUpOpened, TimelineKind.CustomerErased,
    ];

    /// <summary>When the customer's personal data was erased; an erased case is never mailed again.</summary>
    public DateTimeOffset? ErasedAt { get; private set; }

    public bool IsErased => ErasedAt is not null;

    /// <summary>Erasure is an admin's act on the customer's request, or the desk's own under the retention setting.</summary>
    public static void RequireMayErase(Actor actor)
    {
        if (!(actor.IsAdmin || actor.Kind == ActorKind.System))
        {
            throw new NotAllowedException("Only an admin can erase a customer's data.");
        }
    }

    /// <summary>
    /// Replaces the customer with <see cref="ErasedCustomerName"/> (no email, phone or form of address),
    /// and the subject, description, resolution summary, promise texts, hand-off notes, the customer's
    /// messages, replies, notes and feedback comments with <see cref="ErasedText"/>. The access code stops
    /// working. Cannot be undone. Returns false when the case was already erased.
    /// </summary>
    /// <param name="stored">The case's stored timeline (the aggregate holds only what it appended itself).</param>
    /// <param name="feedback">The case's loyalty answers: the scores stay, the comments go.</param>
    public bool Erase(Actor actor, IEnumerable<TimelineEntry> stored, IEnumerable<Feedback> feedback, DateTimeOffset now)
    {
        RequireMayErase(actor);
        if (IsErased)
        {
            return false;
        }

        Customer = new Customer(ErasedCustomerName, null, null, null);
        // What finds the case by the customer goes with them (the erasure deletes the stored search words).
        CustomerEmailKey = null;
        CustomerPhoneKey = null;
        _searchWords.Clear();
        Subject = ErasedText;
        Description = ErasedText;
        ResolutionSummary = ResolutionSummary is null ? null : ErasedText;
        // Nobody holds a code to the page any longer; what it showed is gone.
        AccessCodeHash = AccessCode.Hash(AccessCode.New());
        foreach (var promise in _promises)
        {
            promise.Erase(ErasedText);
        }

        foreach (var handoff in _handoffs)
        {
            handoff.Erase(ErasedText);
        }

        foreach (var entry in stored.Concat(_timeline).Where(e => e.CaseId == Id).Distinct())
        {
            entry.Erase(
                entry.ActorKind == ActorKind.Customer ? ErasedCustomerName : null,
                DeskWorded.Contains(entry.Kind) ? null : ErasedText);
        }

        foreach (var answers in feedback.Where(f => f.CaseId == Id))
        {
            answers.EraseComment();
        }

        ErasedAt = now;
        // The times stay as they were for the figures: the erasure is no activity on the case.
        Version++;
        Record(now, TimelineKind.CustomerErased, actor, "The customer's personal data was erased.", isPublic: false);
        Raise(new CustomerErased(Id, now, OwnerId));
        return true;
    }
}
