using RecoveryDesk.Domain.Sla;
using RecoveryDesk.Domain.Staff;

namespace RecoveryDesk.Domain.Cases;

/// <summary>
/// One customer complaint and the rules of its ownership: exactly one named owner from the first
/// claim until it is closed, moved only by an accepted hand-off or a supervisor's reassignment.
/// </summary>
public sealed partial class Case
{
    private readonly List<Handoff> _handoffs = [];
    private readonly List<Promise> _promises = [];
    private readonly List<TimelineEntry> _timeline = [];
    private readonly List<CaseClock> _clocks = [];
    private readonly List<CaseEvent> _events = [];
    private readonly List<CaseSearchWord> _searchWords = [];
    private BusinessCalendar? _calendar;

    private Case()
    {
        Reference = string.Empty;
        AccessCodeHash = string.Empty;
        Customer = null!;
        Subject = string.Empty;
        Description = string.Empty;
        Terms = null!;
    }

    public Guid Id { get; private set; }

    public string Reference { get; private set; }

    public string AccessCodeHash { get; private set; }

    public Customer Customer { get; private set; }

    /// <summary>The customer's email address as a search compares it (<see cref="SearchText.EmailKey"/>).</summary>
    public string? CustomerEmailKey { get; private set; }

    /// <summary>The customer's phone number as a search compares it (<see cref="SearchText.PhoneKey"/>).</summary>
    public string? CustomerPhoneKey { get; private set; }

    /// <summary>The words of the customer's name and the subject, which a search matches by prefix.</summary>
    public IReadOnlyList<CaseSearchWord> SearchWords => _searchWords;

    public string Subject { get; private set; }

    public string Description { get; private set; }

    public Channel Channel { get; private set; }

    public string? Category { get; private set; }

    public Priority Priority { get; private set; }

    public CaseStatus Status { get; private set; }

    public Guid TeamId { get; private set; }

    public Guid? OwnerId { get; private set; }

    public string? OwnerName { get; private set; }

    public DateTimeOffset OpenedAt { get; private set; }

    public DateTimeOffset LastActivityAt { get; private set; }

    /// <summary>
    /// The soonest due time of a running SLA clock while the case is New or Open, else none: the "next due"
    /// of its list row, stored so the case list can sort by it through an index. Set when the case is
    /// opened and by <see cref="Touch"/>, which every change calls once its clocks have moved.
    /// </summary>
    public DateTimeOffset? NextDueAt { get; private set; }

    public DateTimeOffset? ClaimedAt { get; private set; }

    public DateTimeOffset? FirstResponseAt { get; private set; }

    public DateTimeOffset? WaitingSince { get; private set; }

    public DateTimeOffset? ResolvedAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public string? ResolutionSummary { get; private set; }

    public int ReopenCount { get; private set; }

    /// <summary>Optimistic concurrency token: bumped by every change, checked by the database on save.</summary>
    public int Version { get; private set; }

    /// <summary>The calendar and targets this case's SLA clocks run on.</summary>
    public SlaTerms Terms { get; private set; }

    public IReadOnlyList<CaseClock> Clocks => _clocks;

    public IReadOnlyList<Handoff> Handoffs => _handoffs;

    public IReadOnlyList<Promise> Promises => _promises;

    /// <summary>Entries appended by this instance; the stored timeline is read with a query.</summary>
    public IReadOnlyList<TimelineEntry> Timeline => _timeline;

    public IReadOnlyList<CaseEvent> Events => _events;

    public Handoff? PendingHandoff => _handoffs.FirstOrDefault(h => h.IsPending);

    public bool IsActive => Status is CaseStatus.Open or CaseStatus.WaitingOnCustomer;

    public static Case Open(
        Actor openedBy,
        Customer customer,
        string subject,
        string description,
        Channel channel,
        string? category,
        Priority priority,
        Guid teamId,
        DateTimeOffset now,
        out string accessCode,
        SlaTerms? terms = null)
    {
        if (openedBy.Kind == ActorKind.Customer)
        {
            throw new NotAllowedException("Cases are opened by the desk; customers open one through the web form.");
        }

        return Start(openedBy, "We received your complaint.", customer, subject, description, channel, category, priority, teamId, now, out accessCode, terms);
    }

    /// <summary>A new case in the team's queue; the first timeline entry says who opened it and how.</summary>
    private static Case Start(
        Actor openedBy,
        string openingText,
        Customer customer,
        string subject,
        string description,
        Channel channel,
        string? category,
        Priority priority,
        Guid teamId,
        DateTimeOffset now,
        out string accessCode,
        SlaTerms? terms)
    {
        if (teamId == Guid.Empty)
        {
            throw new CaseRuleException("A case must belong to a team's queue.");
        }

        accessCode = AccessCode.New();
        var @case = new Case
        {
            Id = Guid.CreateVersion7(now),
            Reference = CaseReference.New(),
            AccessCodeHash = AccessCode.Hash(accessCode),
            Customer = customer,
            CustomerEmailKey = SearchText.EmailKey(customer.Email),
            CustomerPhoneKey = SearchText.PhoneKey(customer.Phone),
            Subject = subject.Trim(),
            Description = description.Trim(),
            Channel = channel,
            Category = string.IsNullOrWhiteSpace(category) ? null : category.Trim(),
            Priority = priority,
            Status = CaseStatus.New,
            TeamId = teamId,
            OpenedAt = now,
            LastActivityAt = now,
            Version = 1,
            Terms = terms ?? SlaTerms.Default(priority),
        };
        @case._searchWords.AddRange(SearchText.Words(customer.Name, @case.Subject).Select(w => new CaseSearchWord(@case.Id, w)));
        foreach (var kind in Enum.GetValues<ClockKind>())
        {
            var clock = new CaseClock(@case.Id, kind, now);
            clock.Schedule(@case.Calendar, @case.Terms.Targets, now);
            @case._clocks.Add(clock);
        }

        @case.NextDueAt = @case.RunningDue();
        @case.Record(now, TimelineKind.Opened, openedBy, openingText, isPublic: true);
        @case.Raise(new CaseOpened(@case.Id, now, teamId, priority));
        return @case;
    }

    /// <summary>Gives the case a fresh reference when the one drawn is already taken.</summary>
    public void DrawNewReference() => Reference = CaseReference.New();

    public bool AccessCodeMatches(string? candidate) => AccessCode.Matches(candidate, AccessCodeHash);

    public void Claim(Actor actor, DateTimeOffset now)
    {
        RequireStaff(actor);
        if (!MayClaim(actor))
        {
            throw new NotAllowedException("Only members of the case's team can claim it from the queue.");
        }

        if (OwnerId is not null && IsActive)
        {
            throw new CaseRuleException(actor.Is(OwnerId)
                ? "You already own this case."
                : $"{OwnerName} claimed this case a moment ago; it is no longer in the queue.");
        }

        Require(IsInQueue, "Only a new case in the queue can be claimed.");
        // Claiming by hand wins against an offer from the queue still waiting for its answer.
        if (PendingHandoff is { Kind: HandoffKind.Queue } offered)
        {
            offered.Answer(HandoffStatus.Cancelled, actor, now);
            Raise(new HandoffCancelled(Id, now, offered.Id, offered.ToAgentId, offered.ToTeamId));
        }

        TakeFromQueue(actor, now);
        Touch(now);
        Record(now, TimelineKind.Claimed, actor, $"{actor.Name} took ownership of the case.", isPublic: true);
        Raise(new CaseClaimed(Id, now, OwnerId!.Value, TeamId));
    }

    /// <summary>The offer waits for an answer for the case's hand-off acknowledgement target, then expires.</summary>
    public Handoff OfferHandoff(Actor actor, Guid? toAgentId, Guid? toTeamId, string note, DateTimeOffset now)
    {
        RequireOwner(actor, "offer it to a colleague");
        RequireActive("Only an open case can be handed off.");
        if (toAgentId is null == toTeamId is null)
        {
            throw new CaseRuleException("A hand-off goes either to one colleague or to one team.");
        }

        if (toAgentId is { } agent && agent == OwnerId)
        {
            throw new CaseRuleException("You cannot hand a case off to yourself.");
        }

        if (PendingHandoff is { } pending)
        {
            throw new CaseRuleException($"A hand-off offered at {pending.OfferedAt:u} is still waiting for an answer; cancel it first.");
        }

        var expiresAt = now + Terms.Targets.HandoffAcknowledgement;
        var handoff = new Handoff(HandoffKind.Colleague, Id, actor.Id, actor.Name, toAgentId, toTeamId, note.Trim(), now, expiresAt);
        _handoffs.Add(handoff);
        Touch(now);
        Record(now, TimelineKind.HandoffOffered, actor, handoff.Note, isPublic: false, handoff.Id);
        Raise(new HandoffOffered(Id, now, handoff.Id, handoff.FromAgentId, toAgentId, toTeamId, expiresAt));
        return handoff;
    }

    /// <summary>The handshake: the named colleague (or a member of the named team) takes ownership.</summary>
    public void AcceptHandoff(Actor actor, Guid handoffId, DateTimeOffset now, SlaTerms? receivingTeamTerms = null)
    {
        var handoff = FindPendingHandoff(handoffId, actor, now);
        if (IsSender(handoff, actor))
        {
            throw new NotAllowedException("You offered this hand-off; a colleague has to accept it.");
        }

        var previousOwner = OwnerName;
        handoff.Answer(HandoffStatus.Accepted, actor, now);
        if (handoff.Kind == HandoffKind.Queue)
        {
            TakeFromQueue(actor, now);
        }
        else
        {
            SetOwner(actor.Id!.Value, actor.Name);
        }

        if (handoff.ToTeamId is { } team)
        {
            TeamId = team;
        }

        Touch(now);
        if (handoff.Kind == HandoffKind.Queue)
        {
            Record(now, TimelineKind.Claimed, actor, $"{actor.Name} took ownership of the case.", isPublic: true);
        }

        var took = now - handoff.OfferedAt;
        Record(now, TimelineKind.HandoffAccepted, actor, handoff.Kind == HandoffKind.Queue
            ? $"{actor.Name} accepted the case offered from the queue after {Describe(took)}."
            : $"{actor.Name} accepted the hand-off from {previousOwner} after {Describe(took)}.", isPublic: false, handoff.Id);
        Raise(new HandoffAccepted(Id, now, handoff.Id, handoff.FromAgentId, OwnerId!.Value, TeamId, took));
        if (handoff.ToTeamId is not null && receivingTeamTerms is not null && receivingTeamTerms != Terms)
        {
            ApplyTerms(receivingTeamTerms, now, "the receiving team's policy");
        }
    }

    public void DeclineHandoff(Actor actor, Guid handoffId, string reason, DateTimeOffset now)
    {
        var handoff = FindPendingHandoff(handoffId, actor, now);
        if (IsSender(handoff, actor))
        {
            throw new NotAllowedException("You offered this hand-off; cancel it instead of declining it.");
        }

        handoff.Answer(HandoffStatus.Declined, actor, now, reason.Trim());
        OfferNextFromQueue(handoff, now);
        Touch(now);
        Record(now, TimelineKind.HandoffDeclined, actor, reason.Trim(), isPublic: false, handoff.Id);
        Raise(new HandoffDeclined(Id, now, handoff.Id, handoff.FromAgentId, actor.Id!.Value, reason.Trim()));
    }

    public void CancelHandoff(Actor actor, Guid handoffId, DateTimeOffset now)
    {
        var handoff = _handoffs.FirstOrDefault(h => h.Id == handoffId)
            ?? throw new NoSuchPartException("There is no such hand-off on this case.");
        if (!IsSender(handoff, actor))
        {
            throw new NotAllowedException("Only the colleague who offered a hand-off can cancel it.");
        }

        RequirePending(handoff);
        handoff.Answer(HandoffStatus.Cancelled, actor, now);
        Touch(now);
        Record(now, TimelineKind.HandoffCancelled, actor, $"{actor.Name} withdrew the hand-off.", isPublic: false, handoff.Id);
        Raise(new HandoffCancelled(Id, now, handoff.Id, handoff.ToAgentId, handoff.ToTeamId));
    }

    /// <summary>An offer nobody answered in time lapses; the sender still owns the case. Returns false when there is nothing to expire.</summary>
    public bool ExpireHandoff(Guid handoffId, DateTimeOffset now)
    {
        var handoff = _handoffs.FirstOrDefault(h => h.Id == handoffId);
        if (handoff is null || !handoff.IsPending || now < handoff.ExpiresAt)
        {
            return false;
        }

        handoff.Answer(HandoffStatus.Expired, Actor.System, now);
        OfferNextFromQueue(handoff, now);
        Touch(now);
        Record(now, TimelineKind.HandoffExpired, Actor.System, handoff.Kind == HandoffKind.Queue
            ? "Nobody answered the offer from the queue in time; it goes to the next colleague."
            : $"Nobody answered the hand-off from {handoff.FromAgentName} in time; {OwnerName} still owns the case.", isPublic: false, handoff.Id);
        Raise(new HandoffExpired(Id, now, handoff.Id, handoff.FromAgentId, handoff.ToAgentId, handoff.ToTeamId));
        return true;
    }

    /// <summary>Only a supervisor moves ownership directly.</summary>
    public static void RequireMayReassign(Actor actor)
    {
        if (!MayReassign(actor))
        {
            throw new NotAllowedException("Only a supervisor can reassign a case.");
        }
    }

    /// <summary>A supervisor moves ownership directly, e.g. when the owner is away.</summary>
    public void Reassign(Actor actor, Guid toAgentId, string toAgentName, string reason, DateTimeOffset now)
    {
        RequireMayReassign(actor);

        if (IsClosed)
        {
            throw new CaseRuleException("A closed case cannot be reassigned; reopen it first.");
        }

        if (OwnerId == toAgentId)
        {
            throw new CaseRuleException($"{toAgentName} already owns this case.");
        }

        if (PendingHandoff is { } pending)
        {
            pending.Answer(HandoffStatus.Cancelled, actor, now);
            Raise(new HandoffCancelled(Id, now, pending.Id, pending.ToAgentId, pending.ToTeamId));
        }

        var from = OwnerId;
        var fromName = OwnerName ?? "the queue";
        SetOwner(toAgentId, toAgentName);
        if (Status == CaseStatus.New)
        {
            Status = CaseStatus.Open;
            ClaimedAt = now;
            Clock(ClockKind.Own)?.Meet(now);
        }

        OfferDueAt = null;

        Touch(now);
        Record(now, TimelineKind.Reassigned, actor, $"{actor.Name} reassigned the case from {fromName} to {toAgentName}: {reason.Trim()}", isPublic: false);
        Raise(new CaseReassigned(Id, now, from, toAgentId, actor.Id!.Value));
    }

    /// <summary>Only the owner replies to the customer, and only while the case takes replies; also asked before a reply is drafted.</summary>
    public void RequireMayReply(Actor actor)
    {
        RequireOwner(actor, "reply to the customer");
        if (!TakesReplies)
        {
            throw new CaseRuleException("A closed case takes no replies; reopen it first.");
        }
    }

    /// <summary>A public reply to the customer; the first one meets the first-response target.</summary>
    /// <param name="unseen">The timeline written since the version the author saw, when they asked to be stopped if it matters (<see cref="ReplyCollision"/>).</param>
    public void Reply(Actor actor, string text, DateTimeOffset now, IEnumerable<TimelineEntry>? unseen = null)
    {
        RequireMayReply(actor);

        if (unseen is not null)
        {
            ReplyCollision.Refuse(unseen, actor, Version, now);
        }

        var first = FirstResponseAt is null;
        FirstResponseAt ??= now;
        Clock(ClockKind.FirstResponse)?.Meet(now);
        Touch(now);
        Record(now, TimelineKind.Reply, actor, text.Trim(), isPublic: true);
        Raise(new ReplySent(Id, now, actor.Id!.Value, first));
    }

    /// <summary>An internal note: never shown to the customer.</summary>
    public void AddNote(Actor actor, string text, DateTimeOffset now)
    {
        if (!MayWriteNotes(actor))
        {
            throw new NotAllowedException("Internal notes are written by staff.");
        }

        Touch(now);
        Record(now, TimelineKind.Note, actor, text.Trim(), isPublic: false);
        Raise(new NoteAdded(Id, now, actor.Id));
    }

    public Promise MakePromise(Actor actor, string text, DateTimeOffset dueAt, DateTimeOffset now)
    {
        RequireOwner(actor, "make promises to the customer");
        RequireActive("Promises are made on open cases.");
        if (dueAt <= now)
        {
            throw new CaseRuleException("A promise must be due in the future.");
        }

        var promise = new Promise(Id, text.Trim(), now, dueAt, actor.Id!.Value);
        _promises.Add(promise);
        Touch(now);
        Record(now, TimelineKind.PromiseMade, actor, $"{promise.Text} (by {dueAt:u})", isPublic: true, promise.Id);
        Raise(new PromiseMade(Id, now, promise.Id, dueAt));
        return promise;
    }

    public void KeepPromise(Actor actor, Guid promiseId, DateTimeOffset now)
    {
        RequireOwner(actor, "mark a promise kept");
        var promise = FindOutstandingPromise(promiseId);
        promise.Keep(now);
        Touch(now);
        Record(now, TimelineKind.PromiseKept, actor, $"Promise kept: {promise.Text}", isPublic: true, promise.Id);
        Raise(new PromiseKept(Id, now, promise.Id));
    }

    /// <summary>Moves a promise's due time after the customer was told why; the note records what they were told.</summary>
    public void RenegotiatePromise(Actor actor, Guid promiseId, DateTimeOffset newDueAt, string note, DateTimeOffset now)
    {
        RequireOwner(actor, "renegotiate a promise");
        var promise = FindOutstandingPromise(promiseId);
        if (newDueAt <= now)
        {
            throw new CaseRuleException("The new due time must be in the future.");
        }

        var previousDueAt = promise.DueAt;
        promise.Renegotiate(newDueAt, now);
        Touch(now);
        Record(now, TimelineKind.PromiseRenegotiated, actor, $"{promise.Text}: now by {newDueAt:u}. {note.Trim()}", isPublic: true, promise.Id);
        Raise(new PromiseRenegotiated(Id, now, promise.Id, previousDueAt, newDueAt, note.Trim()));
    }

    /// <summary>The due time passed with the promise still outstanding. Returns false when there is nothing to break.</summary>
    public bool BreakPromise(Guid promiseId, DateTimeOffset now)
    {
        var promise = _promises.FirstOrDefault(p => p.Id == promiseId);
        if (promise is null || !promise.IsOutstanding || now < promise.DueAt)
        {
            return false;
        }

        promise.Break(now);
        Touch(now);
        Record(now, TimelineKind.PromiseBroken, Actor.System, $"Promise not kept by {promise.DueAt:u}: {promise.Text}", isPublic: false, promise.Id);
        Raise(new PromiseBroken(Id, now, promise.Id));
        return true;
    }

    public void WaitOnCustomer(Actor actor, DateTimeOffset now)
    {
        RequireOwner(actor, "mark it waiting on the customer");
        Require(IsWorkedOn, "Only an open case can wait on the customer.");
        Status = CaseStatus.WaitingOnCustomer;
        WaitingSince = now;
        Touch(now);
        Record(now, TimelineKind.WaitingOnCustomer, actor, "We are waiting for your answer.", isPublic: true);
        Raise(new CaseWaitingOnCustomer(Id, now));
    }

    public void Resume(Actor actor, DateTimeOffset now)
    {
        RequireOwner(actor, "resume it");
        Require(IsWaiting, "Only a case waiting on the customer can be resumed.");
        ContinueAfterWaiting(actor, now);
    }

    /// <summary>Back to Open: the paused working time moves the running clocks' due times on.</summary>
    private void ContinueAfterWaiting(Actor actor, DateTimeOffset now)
    {
        var paused = Calendar.BusinessTimeBetween(WaitingSince!.Value, now);
        foreach (var clock in _clocks.Where(c => c.IsRunning))
        {
            clock.AddPause(paused);
            clock.Schedule(Calendar, Terms.Targets, now);
        }

        Status = CaseStatus.Open;
        WaitingSince = null;
        Touch(now);
        Record(now, TimelineKind.Resumed, actor, "We are working on your case again.", isPublic: true);
        Raise(new CaseResumed(Id, now));
    }

    public void Resolve(Actor actor, string summary, DateTimeOffset now) => Resolve(actor, summary, [], now);

    /// <summary>
    /// Puts the case right. Every promise still owed is settled in the same step, as the owner says:
    /// kept, or broken with what the customer is told; a promise left unaccounted for refuses the resolve.
    /// </summary>
    public void Resolve(Actor actor, string summary, IReadOnlyCollection<PromiseOutcome> outcomes, DateTimeOffset now)
    {
        RequireOwner(actor, "resolve it");
        RequireActive("Only an open case can be resolved.");
        if (PendingHandoff is not null)
        {
            throw new CaseRuleException("A hand-off is waiting for an answer; cancel it before resolving.");
        }

        SettlePromisesOnResolve(actor, outcomes, now);
        Status = CaseStatus.Resolved;
        WaitingSince = null;
        ResolvedAt = now;
        // The summary is shown to the customer, so it also counts as a first response.
        FirstResponseAt ??= now;
        foreach (var clock in _clocks)
        {
            clock.Meet(now);
        }

        ResolutionSummary = summary.Trim();
        Touch(now);
        Record(now, TimelineKind.Resolved, actor, ResolutionSummary, isPublic: true);
        Raise(new CaseResolved(Id, now, OwnerId!.Value));
    }

    public void Reopen(Actor actor, string reason, DateTimeOffset now)
    {
        if (!MayReopen(actor))
        {
            throw new NotAllowedException("Cases are reopened by people.");
        }

        if (!IsSettled)
        {
            throw new CaseRuleException("Only a resolved or closed case can be reopened.");
        }

        Status = CaseStatus.Open;
        ClosedAt = null;
        ResolvedAt = null;
        ResolutionSummary = null;
        ResolutionConfirmedAt = null;
        SurveyAnsweredAt = null;
        ReopenCount++;
        if (Clock(ClockKind.Resolution) is { } resolution)
        {
            resolution.Restart(now);
            resolution.Schedule(Calendar, Terms.Targets, now);
        }

        Touch(now);
        Record(now, TimelineKind.Reopened, actor, reason.Trim(), isPublic: true);
        Raise(new CaseReopened(Id, now, OwnerId));
    }

    public void Close(Actor actor, DateTimeOffset now)
    {
        if (!MayClose(actor))
        {
            throw new NotAllowedException("Only the owner or a supervisor can close a case.");
        }

        Require(IsResolved, "Only a resolved case can be closed.");
        Status = CaseStatus.Closed;
        ClosedAt = now;
        Touch(now);
        Record(now, TimelineKind.Closed, actor, "Your case is closed.", isPublic: true);
        Raise(new CaseClosed(Id, now));
    }

    /// <summary>The owner or a supervisor changes the priority; the clocks are recomputed against the new targets.</summary>
    public void ChangePriority(Actor actor, Priority priority, SlaTerms terms, DateTimeOffset now)
    {
        if (!MayChangePriority(actor))
        {
            throw new NotAllowedException("Only the owner or a supervisor can change the priority.");
        }

        if (IsClosed)
        {
            throw new CaseRuleException("A closed case keeps its priority.");
        }

        if (priority == Priority)
        {
            throw new CaseRuleException($"The case is already {priority}.");
        }

        var from = Priority;
        Priority = priority;
        Touch(now);
        Record(now, TimelineKind.PriorityChanged, actor, $"Priority changed from {from} to {priority}.", isPublic: false);
        Raise(new PriorityChanged(Id, now, priority));
        ApplyTerms(terms, now, $"{priority} targets");
    }

    /// <summary>
    /// What the desk's timers do when a deadline arrives: expire unanswered hand-offs, remind and break
    /// promises, warn, breach and escalate SLA clocks. Each effect checks the stored state first, so
    /// calling this again (a timer firing twice, a restart) records nothing twice. Returns whether anything changed.
    /// </summary>
    public bool ActOnDeadlines(DateTimeOffset now)
    {
        var changed = false;
        if (PendingHandoff is { } pending && now >= pending.ExpiresAt)
        {
            changed |= ExpireHandoff(pending.Id, now);
        }

        foreach (var promise in _promises.Where(p => p.IsOutstanding).ToList())
        {
            if (now >= promise.DueAt)
            {
                changed |= BreakPromise(promise.Id, now);
            }
            else if (promise.RemindedAt is null && now >= promise.RemindAt)
            {
                promise.MarkReminded(now);
                Touch(now);
                Record(now, TimelineKind.PromiseAtRisk, Actor.System, $"Promise due at {promise.DueAt:u}: keep it, or contact the customer before then and say why not. ({promise.Text})", isPublic: false, promise.Id);
                Raise(new PromiseAtRisk(Id, now, promise.Id, promise.DueAt));
                changed = true;
            }
        }

        if (Status is not (CaseStatus.New or CaseStatus.Open))
        {
            return changed; // clocks are paused while waiting on the customer and stopped once resolved
        }

        foreach (var clock in _clocks.Where(c => c.IsRunning))
        {
            if (clock.WarnedAt is null && clock.BreachedAt is null && now >= clock.WarnAt && now < clock.DueAt)
            {
                clock.MarkWarned(now);
                Touch(now);
                Record(now, TimelineKind.SlaWarning, Actor.System, $"The {clock.Describe()} target is at risk: due at {clock.DueAt:u}.", isPublic: false);
                Raise(new SlaWarned(Id, now, clock.Kind, clock.DueAt));
                changed = true;
            }

            if (clock.BreachedAt is null && now >= clock.DueAt)
            {
                clock.MarkBreached(Calendar, Terms.Targets, now);
                Touch(now);
                Record(now, TimelineKind.SlaBreached, Actor.System, $"The {clock.Describe()} target was missed: it was due at {clock.DueAt:u}.", isPublic: false);
                Raise(new SlaBreached(Id, now, clock.Kind, clock.DueAt));
                changed = true;
            }

            while (clock.NextEscalationAt is { } next && now >= next)
            {
                var step = clock.Escalate(Calendar, Terms.Targets);
                Touch(now);
                var audience = step.Audience == EscalationAudience.Admins ? "the admins" : "the team's supervisors";
                Record(now, TimelineKind.SlaEscalated, Actor.System, $"Escalated to {audience}: the {clock.Describe()} target was missed.", isPublic: false);
                Raise(new SlaEscalated(Id, now, clock.Kind, clock.EscalationLevel, step.Audience));
                changed = true;
            }
        }

        return changed;
    }

    /// <summary>Every future moment at which <see cref="ActOnDeadlines"/> has something to do, keyed so a timer can be moved or removed.</summary>
    public IReadOnlyList<Deadline> PendingDeadlines() =>
        CaseDeadlines.Of(
            Status,
            PendingHandoff is { } pending ? new HandoffTimes(pending.Id, pending.ExpiresAt) : null,
            _promises.Where(p => p.IsOutstanding).Select(p => new PromiseTimes(p.Id, p.RemindAt, p.RemindedAt, p.DueAt)),
            _clocks.Where(c => c.IsRunning).Select(c => new ClockTimes(c.Kind, c.WarnAt, c.DueAt, c.WarnedAt, c.BreachedAt, c.EscalationLevel, c.NextEscalationAt)));

    /// <summary>Hands the raised events to whoever publishes them, once.</summary>
    public IReadOnlyList<CaseEvent> DequeueEvents()
    {
        var raised = _events.ToArray();
        _events.Clear();
        return raised;
    }

    private static string Describe(TimeSpan span) => span.TotalMinutes < 1
        ? "under a minute"
        : span.TotalHours < 1 ? $"{(int)span.TotalMinutes} min" : $"{(int)span.TotalHours} h {span.Minutes} min";

    private static void RequireStaff(Actor actor)
    {
        if (!actor.IsStaff)
        {
            throw new NotAllowedException("Only staff can do this.");
        }
    }

    private static void RequirePending(Handoff handoff)
    {
        if (!handoff.IsPending)
        {
            throw new CaseRuleException($"This hand-off was already {handoff.Status.ToString().ToLowerInvariant()}{(handoff.AnsweredByName is null ? string.Empty : $" by {handoff.AnsweredByName}")}.");
        }
    }

    private void RequireOwner(Actor actor, string action)
    {
        if (!IsOwner(actor))
        {
            throw new NotAllowedException(OwnerName is null
                ? $"Only the owner can {action}; claim the case first."
                : $"Only the owner, {OwnerName}, can {action}.");
        }
    }

    private void RequireStatus(CaseStatus expected, string rule)
    {
        if (Status != expected)
        {
            throw new CaseRuleException(rule);
        }
    }

    private void RequireActive(string rule)
    {
        if (!IsActive)
        {
            throw new CaseRuleException(rule);
        }
    }

    private Handoff FindPendingHandoff(Guid handoffId, Actor actor, DateTimeOffset now)
    {
        var handoff = _handoffs.FirstOrDefault(h => h.Id == handoffId)
            ?? throw new NoSuchPartException("There is no such hand-off on this case.");
        if (!handoff.IsAddressedTo(actor))
        {
            throw new NotAllowedException(handoff.ToAgentId is null
                ? "Only members of the team this hand-off is offered to can answer it."
                : "Only the colleague this hand-off is offered to can answer it.");
        }

        RequirePending(handoff);
        if (HasLapsed(handoff, now))
        {
            throw new CaseRuleException($"This hand-off expired at {handoff.ExpiresAt:u}; {OwnerName} still owns the case.");
        }

        return handoff;
    }

    private void SettlePromisesOnResolve(Actor actor, IReadOnlyCollection<PromiseOutcome> outcomes, DateTimeOffset now)
    {
        if (outcomes.GroupBy(o => o.PromiseId).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new CaseRuleException($"Say once what became of the promise {twice.Key}.");
        }

        var settled = outcomes.Select(o => (Promise: FindOutstandingPromise(o.PromiseId), Outcome: o)).ToList();
        var unaccounted = _promises.Where(p => p.IsOutstanding && outcomes.All(o => o.PromiseId != p.Id)).ToList();
        if (unaccounted.Count > 0)
        {
            throw new CaseRuleException(
                $"Say what became of each open promise before resolving, kept or broken with what the customer is told: {string.Join(", ", unaccounted.Select(p => $"\"{p.Text}\""))}");
        }

        foreach (var (promise, outcome) in settled)
        {
            if (outcome.Kept)
            {
                promise.Keep(now);
                Record(now, TimelineKind.PromiseKept, actor, $"Promise kept: {promise.Text}", isPublic: true, promise.Id);
                Raise(new PromiseKept(Id, now, promise.Id));
            }
            else
            {
                promise.Break(now);
                Record(now, TimelineKind.PromiseBroken, actor, BrokenPromiseText(promise.Text, outcome.Note), isPublic: true, promise.Id);
                Raise(new PromiseBroken(Id, now, promise.Id));
            }
        }
    }

    /// <summary>What the customer reads about a promise the owner says was not kept: the promise, then their words.</summary>
    private static string BrokenPromiseText(string promise, string? note) =>
        note?.Trim() is { Length: > 0 } said ? $"We did not keep our promise \"{promise}\": {said}" : $"We did not keep our promise \"{promise}\".";

    private Promise FindOutstandingPromise(Guid promiseId)
    {
        var promise = _promises.FirstOrDefault(p => p.Id == promiseId)
            ?? throw new NoSuchPartException("There is no such promise on this case.");
        if (!promise.IsOutstanding)
        {
            throw new CaseRuleException($"This promise is already {promise.Status.ToString().ToLowerInvariant()}.");
        }

        return promise;
    }

    private BusinessCalendar Calendar => _calendar ??= BusinessCalendar.FromDefinition(Terms.Calendar);

    private CaseClock? Clock(ClockKind kind) => _clocks.FirstOrDefault(c => c.Kind == kind);

    /// <summary>Recomputes the running clocks against new terms (another team's policy, another priority).</summary>
    private void ApplyTerms(SlaTerms terms, DateTimeOffset now, string why)
    {
        Terms = terms;
        _calendar = null;
        foreach (var clock in _clocks.Where(c => c.IsRunning))
        {
            clock.Schedule(Calendar, Terms.Targets, now);
        }

        var due = string.Join(", ", _clocks.Where(c => c.IsRunning).Select(c => $"{c.Describe()} by {c.DueAt:u}"));
        Touch(now);
        Record(now, TimelineKind.SlaReevaluated, Actor.System, $"SLA re-evaluated against {why}{(due.Length > 0 ? $": {due}" : string.Empty)}.", isPublic: false);
        Raise(new SlaReevaluated(Id, now, TeamId, Priority));
    }

    private void SetOwner(Guid ownerId, string ownerName)
    {
        OwnerId = ownerId;
        OwnerName = ownerName;
    }

    private void Touch(DateTimeOffset now)
    {
        LastActivityAt = now;
        NextDueAt = RunningDue();
        Version++;
    }

    private DateTimeOffset? RunningDue() =>
        Status is CaseStatus.New or CaseStatus.Open && _clocks.Exists(c => c.IsRunning)
            ? _clocks.Where(c => c.IsRunning).Min(c => c.DueAt)
            : null;

    private void Record(DateTimeOffset at, TimelineKind kind, Actor actor, string text, bool isPublic, Guid? subjectId = null) =>
        _timeline.Add(new TimelineEntry(Id, Version, at, kind, actor, text, isPublic, subjectId));

    private void Raise(CaseEvent @event) => _events.Add(@event);
}
