using RecoveryDesk.Domain.Staff;

namespace RecoveryDesk.Domain.Cases;

/// <summary>
/// Work offered by the desk rather than taken: offered assignment (a case in the queue is offered to one
/// team member at a time; ownership moves only when they accept, and claiming by hand still wins) and
/// cover (a case whose owner is away is offered to their substitute or team; the owner stays the owner
/// until someone accepts). Whom to offer to is decided outside, from availability and load; the rules
/// of the offer itself are here.
/// </summary>
public sealed partial class Case
{
    /// <summary>Since when the case waits for the desk to offer it from the queue; null when it does not.</summary>
    public DateTimeOffset? OfferDueAt { get; private set; }

    /// <summary>The case is in the queue of a team with offered assignment and nobody has an offer of it now.</summary>
    public bool AwaitsOffer => OfferDueAt is not null && IsInQueue && PendingHandoff is null;

    /// <summary>The colleagues who declined this case from the queue or let the offer lapse: it is not offered to them again.</summary>
    public IReadOnlySet<Guid> PassedFromQueue =>
        _handoffs.Where(h => h.Kind == HandoffKind.Queue && h.Status is HandoffStatus.Declined or HandoffStatus.Expired)
            .Select(h => h.ToAgentId!.Value)
            .ToHashSet();

    /// <summary>A new case in a team with offered assignment: the desk owes it an offer.</summary>
    public void AwaitOffer(DateTimeOffset now)
    {
        if (IsInQueue && OwnerId is null)
        {
            OfferDueAt = now;
        }
    }

    /// <summary>The desk offers the case from the queue to one colleague, for the same acknowledgement time as any hand-off.</summary>
    public Handoff OfferFromQueue(Guid toAgentId, string toAgentName, string queueName, DateTimeOffset now)
    {
        Require(AwaitsOffer, "Only a case waiting in the queue for an offer can be offered from it.");
        if (PassedFromQueue.Contains(toAgentId))
        {
            throw new CaseRuleException($"{toAgentName} already passed on this case.");
        }

        var expiresAt = now + Terms.Targets.HandoffAcknowledgement;
        var handoff = new Handoff(HandoffKind.Queue, Id, null, queueName, toAgentId, null, $"Offered to {toAgentName} from the {queueName} queue.", now, expiresAt);
        _handoffs.Add(handoff);
        OfferDueAt = null;
        Touch(now);
        Record(now, TimelineKind.HandoffOffered, Actor.System, handoff.Note, isPublic: false, handoff.Id);
        Raise(new HandoffOffered(Id, now, handoff.Id, null, toAgentId, null, expiresAt));
        return handoff;
    }

    /// <summary>Nobody (left) to offer the case to: it waits in the queue for a claim, and the supervisors are told why.</summary>
    public void LeaveInQueue(string reason, DateTimeOffset now)
    {
        Require(AwaitsOffer, "Only a case waiting in the queue for an offer can be left there.");
        OfferDueAt = null;
        Touch(now);
        Record(now, TimelineKind.LeftInQueue, Actor.System, reason, isPublic: false);
        Raise(new OffersExhausted(Id, now, TeamId, reason));
    }

    /// <summary>
    /// The owner is away: the desk offers the case to their substitute (or, with none, to the case's team)
    /// on their behalf, with a note of what the next person needs. The owner stays the owner until
    /// someone accepts, and may withdraw the offer on return. Returns null when there is nothing to do:
    /// nobody owns the case, it is not active, or an offer is already waiting.
    /// </summary>
    public Handoff? OfferCover(Guid? substituteId, string why, string? lastCustomerMessage, DateTimeOffset now)
    {
        if (OwnerId is not { } owner || !IsActive || PendingHandoff is not null || substituteId == owner)
        {
            return null;
        }

        var note = CoverNote(why, lastCustomerMessage);
        var toTeam = substituteId is null ? TeamId : (Guid?)null;
        var expiresAt = now + Terms.Targets.HandoffAcknowledgement;
        var handoff = new Handoff(HandoffKind.Cover, Id, owner, OwnerName!, substituteId, toTeam, note, now, expiresAt);
        _handoffs.Add(handoff);
        Touch(now);
        Record(now, TimelineKind.HandoffOffered, Actor.System, note, isPublic: false, handoff.Id);
        Raise(new HandoffOffered(Id, now, handoff.Id, owner, substituteId, toTeam, expiresAt));
        return handoff;
    }

    /// <summary>What the colleague covering needs to know: why, what the customer last said, what is promised, what is due next.</summary>
    private string CoverNote(string why, string? lastCustomerMessage)
    {
        var lines = new List<string> { why };
        if (!string.IsNullOrWhiteSpace(lastCustomerMessage))
        {
            lines.Add($"The customer last wrote: \"{lastCustomerMessage.Trim()}\"");
        }

        var open = _promises.Where(p => p.IsOutstanding).OrderBy(p => p.DueAt).ToList();
        lines.Add(open.Count == 0
            ? "No open promises."
            : $"Open promises: {string.Join("; ", open.Select(p => $"{p.Text} (by {p.DueAt:u})"))}.");
        var next = _clocks.Where(c => c.IsRunning && c.BreachedAt is null).Select(c => (c.DueAt, What: c.Describe()))
            .Concat(open.Select(p => (p.DueAt, What: "a promise")))
            .OrderBy(d => d.DueAt)
            .FirstOrDefault();
        if (next.What is not null)
        {
            lines.Add($"Next due: {next.What} by {next.DueAt:u}.");
        }

        return string.Join('\n', lines);
    }

    /// <summary>Takes ownership out of the queue: the claim, or the acceptance of an offer from the queue.</summary>
    private void TakeFromQueue(Actor actor, DateTimeOffset now)
    {
        SetOwner(actor.Id!.Value, actor.Name);
        ClaimedAt = now;
        Status = CaseStatus.Open;
        Clock(ClockKind.Own)?.Meet(now);
        OfferDueAt = null;
    }

    /// <summary>An offer from the queue declined or lapsed: the desk offers the case to the next colleague.</summary>
    private void OfferNextFromQueue(Handoff answered, DateTimeOffset now)
    {
        if (answered.Kind == HandoffKind.Queue && IsInQueue)
        {
            OfferDueAt = now;
        }
    }
}
