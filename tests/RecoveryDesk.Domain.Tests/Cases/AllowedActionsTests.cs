using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Domain.Sla;
using RecoveryDesk.Domain.Staff;
using static RecoveryDesk.Domain.Tests.Cases.CaseBuilder;

namespace RecoveryDesk.Domain.Tests.Cases;

/// <summary>
/// What the case detail says a person may do now. Alice owns every claimed case here, Ben is her team
/// mate, Chloe works team B, and Sofia supervises without a team of her own.
/// </summary>
public sealed class AllowedActionsTests
{
    /// <summary>A supervisor who also works team A's queue.</summary>
    private static readonly Actor Sam = Actor.Staff(Guid.Parse("e5e5e5e5-0000-4000-8000-0000000000e5"), "Sam Reyes", [TeamA], StaffRoles.Supervisor);

    private static readonly Actor[] Staff = [Alice, Ben, Chloe, Sofia, Sam];

    /// <summary>Every situation a case can be in for these rules, built fresh for each use.</summary>
    private static readonly (string Name, Func<CaseBuilder, Case> Build)[] Situations =
    [
        ("new", d => d.Opened()),
        ("open", d => d.Claimed()),
        ("waiting on the customer", d => d.WaitingOnCustomer()),
        ("resolved", d => d.Resolved()),
        ("closed", d => d.Closed()),
        ("offered to Ben", d => d.WithHandoffToAgent().Case),
        ("offered to team B", d => d.WithHandoffToTeam().Case),
        ("offered to team A", d => d.WithHandoffToTeam(TeamA).Case),
        ("offer lapsed, timer not run yet", d =>
        {
            var @case = d.WithHandoffToAgent().Case;
            d.Advance(TimeSpan.FromHours(3));
            return @case;
        }),
        ("waiting, offered to Ben", d =>
        {
            var @case = d.WaitingOnCustomer();
            @case.OfferHandoff(Alice, Ben.Id, null, "Over to you.", d.Now);
            return @case;
        }),
    ];

    private static IEnumerable<TestCaseData> EveryActorInEverySituation() =>
        from situation in Situations
        from actor in Staff
        from action in Enum.GetValues<CaseAction>()
        select new TestCaseData(situation.Name, actor, action).SetArgDisplayNames(situation.Name, actor.Name, action.ToString());

    private static IEnumerable<TestCaseData> EveryStaffMemberInEverySituation() =>
        from situation in Situations
        from actor in Staff
        select new TestCaseData(situation.Name, actor).SetArgDisplayNames(situation.Name, actor.Name);

    // ---- One rule each ----

    [TestCase("new", "Alice Moreau,Ben Okafor,Sam Reyes")]
    [TestCase("open", "")]
    [TestCase("resolved", "")]
    [TestCase("closed", "")]
    public void Claim_IsForTheTeamWhileTheCaseIsInTheQueue(string situation, string expected) =>
        Assert.That(WhoMay(CaseAction.Claim, situation), Is.EqualTo(expected));

    [TestCase("new", "")]
    [TestCase("open", "Alice Moreau")]
    [TestCase("waiting on the customer", "Alice Moreau")]
    [TestCase("resolved", "Alice Moreau")]
    [TestCase("closed", "")]
    public void Reply_IsForTheOwnerUntilClosed(string situation, string expected) =>
        Assert.That(WhoMay(CaseAction.Reply, situation), Is.EqualTo(expected));

    [TestCase("new")]
    [TestCase("open")]
    [TestCase("closed")]
    public void Note_IsForAllStaffAlways(string situation) =>
        Assert.That(WhoMay(CaseAction.Note, situation), Is.EqualTo("Alice Moreau,Ben Okafor,Chloe Tan,Sofia Lind,Sam Reyes"));

    [TestCase("new", "")]
    [TestCase("open", "Alice Moreau")]
    [TestCase("waiting on the customer", "Alice Moreau")]
    [TestCase("offered to Ben", "Alice Moreau")]
    [TestCase("resolved", "")]
    [TestCase("closed", "")]
    public void Promise_IsForTheOwnerWhileActive(string situation, string expected) =>
        Assert.That(WhoMay(CaseAction.Promise, situation), Is.EqualTo(expected));

    [TestCase("new", "")]
    [TestCase("open", "Alice Moreau")]
    [TestCase("waiting on the customer", "Alice Moreau")]
    [TestCase("offered to Ben", "")]
    [TestCase("resolved", "")]
    public void Offer_IsForTheOwnerWhileActiveWithNoOfferPending(string situation, string expected) =>
        Assert.That(WhoMay(CaseAction.Offer, situation), Is.EqualTo(expected));

    [TestCase("open", "")]
    [TestCase("offered to Ben", "Ben Okafor")]
    [TestCase("waiting, offered to Ben", "Ben Okafor")]
    [TestCase("offered to team B", "Chloe Tan")]
    [TestCase("offered to team A", "Ben Okafor,Sam Reyes")]
    [TestCase("offer lapsed, timer not run yet", "")]
    public void Accept_IsForTheNamedColleagueOrTeamButNeverTheSender(string situation, string expected) =>
        Assert.That(WhoMay(CaseAction.Accept, situation), Is.EqualTo(expected));

    [TestCase("open", "")]
    [TestCase("offered to Ben", "Ben Okafor")]
    [TestCase("offered to team B", "Chloe Tan")]
    [TestCase("offered to team A", "Ben Okafor,Sam Reyes")]
    [TestCase("offer lapsed, timer not run yet", "")]
    public void Decline_IsForTheSameColleaguesAsAccept(string situation, string expected) =>
        Assert.That(WhoMay(CaseAction.Decline, situation), Is.EqualTo(expected));

    [TestCase("open", "")]
    [TestCase("offered to Ben", "Alice Moreau")]
    [TestCase("offered to team A", "Alice Moreau")]
    [TestCase("offer lapsed, timer not run yet", "Alice Moreau")]
    public void Cancel_IsForTheSenderWhileTheOfferIsPending(string situation, string expected) =>
        Assert.That(WhoMay(CaseAction.Cancel, situation), Is.EqualTo(expected));

    [TestCase("new", "")]
    [TestCase("open", "Alice Moreau")]
    [TestCase("waiting on the customer", "")]
    [TestCase("resolved", "")]
    public void WaitOnCustomer_IsForTheOwnerOfAnOpenCase(string situation, string expected) =>
        Assert.That(WhoMay(CaseAction.WaitOnCustomer, situation), Is.EqualTo(expected));

    [TestCase("open", "")]
    [TestCase("waiting on the customer", "Alice Moreau")]
    [TestCase("resolved", "")]
    public void Resume_IsForTheOwnerWhileWaitingOnTheCustomer(string situation, string expected) =>
        Assert.That(WhoMay(CaseAction.Resume, situation), Is.EqualTo(expected));

    [TestCase("new", "")]
    [TestCase("open", "Alice Moreau")]
    [TestCase("waiting on the customer", "Alice Moreau")]
    [TestCase("offered to Ben", "")]
    [TestCase("resolved", "")]
    public void Resolve_IsForTheOwnerWhileActiveWithNoOfferPending(string situation, string expected) =>
        Assert.That(WhoMay(CaseAction.Resolve, situation), Is.EqualTo(expected));

    [TestCase("open", "")]
    [TestCase("resolved", "Alice Moreau,Ben Okafor,Chloe Tan,Sofia Lind,Sam Reyes")]
    [TestCase("closed", "Alice Moreau,Ben Okafor,Chloe Tan,Sofia Lind,Sam Reyes")]
    public void Reopen_IsForAnyStaffOnceResolvedOrClosed(string situation, string expected) =>
        Assert.That(WhoMay(CaseAction.Reopen, situation), Is.EqualTo(expected));

    [TestCase("open", "")]
    [TestCase("resolved", "Alice Moreau,Sofia Lind,Sam Reyes")]
    [TestCase("closed", "")]
    public void Close_IsForTheOwnerOrASupervisorOnceResolved(string situation, string expected) =>
        Assert.That(WhoMay(CaseAction.Close, situation), Is.EqualTo(expected));

    [TestCase("new", "Sofia Lind,Sam Reyes")]
    [TestCase("open", "Sofia Lind,Sam Reyes")]
    [TestCase("offered to Ben", "Sofia Lind,Sam Reyes")]
    [TestCase("resolved", "Sofia Lind,Sam Reyes")]
    [TestCase("closed", "")]
    public void Reassign_IsForSupervisorsUntilClosed(string situation, string expected) =>
        Assert.That(WhoMay(CaseAction.Reassign, situation), Is.EqualTo(expected));

    [TestCase("new", "Alice Moreau,Ben Okafor,Sofia Lind,Sam Reyes")]
    [TestCase("open", "Alice Moreau,Sofia Lind,Sam Reyes")]
    [TestCase("resolved", "Alice Moreau,Sofia Lind,Sam Reyes")]
    [TestCase("closed", "")]
    public void ChangePriority_IsForTheOwnerASupervisorOrTheQueuesTeam(string situation, string expected) =>
        Assert.That(WhoMay(CaseAction.ChangePriority, situation), Is.EqualTo(expected));

    [Test]
    public void AllowedActions_ForTheCustomerOrTheSystem_AreNone()
    {
        var desk = new CaseBuilder();
        var @case = desk.Resolved();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.AllowedActions(TheCustomer, desk.Now), Is.Empty);
            Assert.That(@case.AllowedActions(TheSystem, desk.Now), Is.Empty);
        }
    }

    [Test]
    public void AllowedActions_OfTheOwnerOfAnOpenCase_AreListedInOrder()
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed();

        Assert.That(@case.AllowedActions(Alice, desk.Now), Is.EqualTo(new[]
        {
            CaseAction.Reply, CaseAction.Note, CaseAction.Promise, CaseAction.Offer, CaseAction.WaitOnCustomer,
            CaseAction.Resolve, CaseAction.ChangePriority, CaseAction.NewAccessCode,
        }));
    }

    // ---- Promises ----

    [Test]
    public void PromiseActions_OfAnOutstandingPromise_AreForTheOwnerOnly()
    {
        var desk = new CaseBuilder();
        var (@case, promise) = desk.WithPromise();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.AllowedActions(Alice, promise), Is.EqualTo(new[] { PromiseAction.Keep, PromiseAction.Renegotiate }));
            Assert.That(@case.AllowedActions(Ben, promise), Is.Empty);
            Assert.That(@case.AllowedActions(Sofia, promise), Is.Empty);
        }
    }

    [Test]
    public void PromiseActions_OfARenegotiatedPromise_StayOpenToTheOwner()
    {
        var desk = new CaseBuilder();
        var (@case, promise) = desk.WithPromise();
        @case.RenegotiatePromise(Alice, promise.Id, desk.Later(TimeSpan.FromDays(1)), "Told her why.", desk.Now);

        Assert.That(@case.AllowedActions(Alice, promise), Is.EqualTo(new[] { PromiseAction.Keep, PromiseAction.Renegotiate }));
    }

    [Test]
    public void PromiseActions_OfAKeptOrBrokenPromise_AreNone()
    {
        var desk = new CaseBuilder();
        var (kept, keptPromise) = desk.WithPromise();
        kept.KeepPromise(Alice, keptPromise.Id, desk.Now);
        var (broken, brokenPromise) = desk.WithPromise(TimeSpan.FromHours(1));
        desk.Advance(TimeSpan.FromHours(2));
        broken.BreakPromise(brokenPromise.Id, desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(kept.AllowedActions(Alice, keptPromise), Is.Empty);
            Assert.That(broken.AllowedActions(Alice, brokenPromise), Is.Empty);
        }
    }

    // ---- The list agrees with the verbs ----

    /// <summary>
    /// Every listed action is one the verb then accepts, and every action left out is one the verb
    /// refuses: the buttons a page draws from the list never lead to a refusal of the rule itself.
    /// </summary>
    [TestCaseSource(nameof(EveryActorInEverySituation))]
    public void AllowedActions_AgreeWithTheVerbs(string situation, Actor actor, CaseAction action)
    {
        var desk = new CaseBuilder();
        var @case = Situations.Single(s => s.Name == situation).Build(desk);
        var listed = @case.AllowedActions(actor, desk.Now).Contains(action);

        var accepted = TryVerb(@case, actor, action, desk.Now);

        Assert.That(accepted, Is.EqualTo(listed), listed ? "listed, but the verb refused it" : "not listed, but the verb accepted it");
    }

    /// <summary>A saved reply is filled in for whoever the case lets reply: the same rule as the reply itself.</summary>
    [TestCaseSource(nameof(EveryStaffMemberInEverySituation))]
    public void RequireMayReply_AgreesWithTheListedReply(string situation, Actor actor)
    {
        var desk = new CaseBuilder();
        var @case = Situations.Single(s => s.Name == situation).Build(desk);
        var listed = @case.AllowedActions(actor, desk.Now).Contains(CaseAction.Reply);
        var version = @case.Version;

        var holds = TryRequireMayReply(@case, actor);

        Assert.That(holds, Is.EqualTo(listed));
        Assert.That(@case.Version, Is.EqualTo(version), "asking changes nothing");
    }

    private static bool TryRequireMayReply(Case @case, Actor actor)
    {
        try
        {
            @case.RequireMayReply(actor);
            return true;
        }
        catch (Exception e) when (e is CaseRuleException or NotAllowedException)
        {
            return false;
        }
    }

    private static string WhoMay(CaseAction action, string situation)
    {
        var desk = new CaseBuilder();
        var @case = Situations.Single(s => s.Name == situation).Build(desk);
        return string.Join(",", Staff.Where(a => @case.AllowedActions(a, desk.Now).Contains(action)).Select(a => a.Name));
    }

    private static bool TryVerb(Case @case, Actor actor, CaseAction action, DateTimeOffset now)
    {
        var handoffId = @case.PendingHandoff?.Id ?? Guid.NewGuid();
        // A target the verb can accept, so only the rule under test can refuse.
        var someoneElse = actor.Is(Ben.Id) || @case.OwnerId == Ben.Id ? Chloe : Ben;
        try
        {
            switch (action)
            {
                case CaseAction.Claim: @case.Claim(actor, now); break;
                case CaseAction.Reply: @case.Reply(actor, "We are on it.", now); break;
                case CaseAction.Note: @case.AddNote(actor, "Checked the courier.", now); break;
                case CaseAction.Promise: @case.MakePromise(actor, "Call back", now.AddHours(1), now); break;
                case CaseAction.Offer: @case.OfferHandoff(actor, someoneElse.Id, null, "Over to you.", now); break;
                case CaseAction.Accept: @case.AcceptHandoff(actor, handoffId, now); break;
                case CaseAction.Decline: @case.DeclineHandoff(actor, handoffId, "Not mine.", now); break;
                case CaseAction.Cancel: @case.CancelHandoff(actor, handoffId, now); break;
                case CaseAction.WaitOnCustomer: @case.WaitOnCustomer(actor, now); break;
                case CaseAction.Resume: @case.Resume(actor, now); break;
                case CaseAction.Resolve: @case.Resolve(actor, "Replaced.", now); break;
                case CaseAction.Reopen: @case.Reopen(actor, "Still broken.", now); break;
                case CaseAction.Close: @case.Close(actor, now); break;
                case CaseAction.Reassign: @case.Reassign(actor, someoneElse.Id!.Value, someoneElse.Name, "Away today.", now); break;
                case CaseAction.ChangePriority: @case.ChangePriority(actor, Priority.P1, SlaTerms.Default(Priority.P1), now); break;
                case CaseAction.NewAccessCode: @case.IssueNewAccessCode(actor, now, out _); break;
                default: throw new ArgumentOutOfRangeException(nameof(action), action, null);
            }

            return true;
        }
        catch (Exception e) when (e is CaseRuleException or NotAllowedException)
        {
            return false;
        }
    }
}
