using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Domain.Staff;
using static RecoveryDesk.Domain.Tests.Cases.CaseBuilder;

namespace RecoveryDesk.Domain.Tests.Cases;

public sealed class HandoffTests
{
    private const string Note = "Told her a replacement ships Friday.";

    private static IEnumerable<TestCaseData> NonOwners()
    {
        yield return new TestCaseData(Ben).SetArgDisplayNames("colleague in the team");
        yield return new TestCaseData(Chloe).SetArgDisplayNames("agent of another team");
        yield return new TestCaseData(Sofia).SetArgDisplayNames("supervisor");
        yield return new TestCaseData(TheCustomer).SetArgDisplayNames("customer");
        yield return new TestCaseData(TheSystem).SetArgDisplayNames("system");
    }

    private static IEnumerable<TestCaseData> NotTheNamedColleague()
    {
        yield return new TestCaseData(Chloe).SetArgDisplayNames("another agent");
        yield return new TestCaseData(Sofia).SetArgDisplayNames("supervisor");
        yield return new TestCaseData(Alice).SetArgDisplayNames("sender");
        yield return new TestCaseData(TheCustomer).SetArgDisplayNames("customer");
        yield return new TestCaseData(TheSystem).SetArgDisplayNames("system");
    }

    private static IEnumerable<TestCaseData> OutsidersOfTeamB()
    {
        yield return new TestCaseData(Ben).SetArgDisplayNames("agent of another team");
        yield return new TestCaseData(Sofia).SetArgDisplayNames("supervisor");
        yield return new TestCaseData(Alice).SetArgDisplayNames("sender");
        yield return new TestCaseData(TheCustomer).SetArgDisplayNames("customer");
        yield return new TestCaseData(TheSystem).SetArgDisplayNames("system");
    }

    private static IEnumerable<TestCaseData> NotTheSender()
    {
        yield return new TestCaseData(Ben).SetArgDisplayNames("recipient");
        yield return new TestCaseData(Chloe).SetArgDisplayNames("agent of another team");
        yield return new TestCaseData(Sofia).SetArgDisplayNames("supervisor");
        yield return new TestCaseData(TheCustomer).SetArgDisplayNames("customer");
        yield return new TestCaseData(TheSystem).SetArgDisplayNames("system");
    }

    // ---- Offer ----

    [Test]
    public void OfferHandoff_ToColleagueByOwner_IsPendingWhileSenderStaysOwner()
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed();
        var offeredAt = desk.Now;

        var handoff = @case.OfferHandoff(Alice, Ben.Id, null, "  " + Note + " ", offeredAt);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.OwnerId, Is.EqualTo(Alice.Id));
            Assert.That(@case.OwnerName, Is.EqualTo("Alice Moreau"));
            Assert.That(@case.PendingHandoff, Is.SameAs(handoff));
            Assert.That(@case.Handoffs, Has.Count.EqualTo(1));
            Assert.That(handoff.Status, Is.EqualTo(HandoffStatus.Pending));
            Assert.That(handoff.IsPending, Is.True);
            Assert.That(handoff.CaseId, Is.EqualTo(@case.Id));
            Assert.That(handoff.FromAgentId, Is.EqualTo(Alice.Id));
            Assert.That(handoff.FromAgentName, Is.EqualTo("Alice Moreau"));
            Assert.That(handoff.ToAgentId, Is.EqualTo(Ben.Id));
            Assert.That(handoff.ToTeamId, Is.Null);
            Assert.That(handoff.Note, Is.EqualTo(Note));
            Assert.That(handoff.OfferedAt, Is.EqualTo(offeredAt));
            Assert.That(handoff.ExpiresAt, Is.EqualTo(offeredAt + @case.Terms.Targets.HandoffAcknowledgement));
            Assert.That(handoff.AnsweredAt, Is.Null);
            Assert.That(@case.Status, Is.EqualTo(CaseStatus.Open));
        }
    }

    [Test]
    public void OfferHandoff_ToTeam_IsPendingForThatTeam()
    {
        var desk = new CaseBuilder();

        var (@case, handoff) = desk.WithHandoffToTeam(TeamB);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(handoff.ToTeamId, Is.EqualTo(TeamB));
            Assert.That(handoff.ToAgentId, Is.Null);
            Assert.That(@case.TeamId, Is.EqualTo(TeamA), "the case stays in its queue until the offer is accepted");
            Assert.That(@case.OwnerId, Is.EqualTo(Alice.Id));
        }
    }

    [Test]
    public void OfferHandoff_ByOwner_RecordsNoteInternallyOnly()
    {
        var desk = new CaseBuilder();

        var (@case, handoff) = desk.WithHandoffToAgent();

        var entry = @case.LastEntry();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(entry.Kind, Is.EqualTo(TimelineKind.HandoffOffered));
            Assert.That(entry.ActorName, Is.EqualTo("Alice Moreau"));
            Assert.That(entry.IsPublic, Is.False, "the customer never sees the desk's internal structure");
            Assert.That(entry.Text, Is.EqualTo(Note));
            Assert.That(entry.SubjectId, Is.EqualTo(handoff.Id));
        }
    }

    [Test]
    public void OfferHandoff_ByOwner_RaisesHandoffOfferedAndBumpsVersion()
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed();
        var version = @case.Version;
        var now = desk.Now;

        var handoff = @case.OfferHandoff(Alice, null, TeamB, Note, now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.LastEvent(), Is.EqualTo(new HandoffOffered(@case.Id, now, handoff.Id, Alice.Id!.Value, null, TeamB, now.AddMinutes(30))));
            Assert.That(@case.Version, Is.EqualTo(version + 1));
            Assert.That(@case.LastActivityAt, Is.EqualTo(now));
        }
    }

    [TestCaseSource(nameof(NonOwners))]
    public void OfferHandoff_ByNonOwner_IsForbiddenNamingTheOwner(Actor someoneElse)
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed();

        Assert.That(() => @case.OfferHandoff(someoneElse, Chloe.Id, null, Note, desk.Now),
            Throws.TypeOf<NotAllowedException>().With.Message.Contains("Alice Moreau"));
        Assert.That(@case.Handoffs, Is.Empty);
    }

    [Test]
    public void OfferHandoff_OnNewCase_IsForbiddenUntilClaimed()
    {
        var desk = new CaseBuilder();
        var @case = desk.Opened();

        Assert.That(() => @case.OfferHandoff(Alice, Ben.Id, null, Note, desk.Now),
            Throws.TypeOf<NotAllowedException>().With.Message.Contains("claim the case first"));
    }

    [Test]
    public void OfferHandoff_ToBothColleagueAndTeam_IsRefused()
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed();

        Assert.That(() => @case.OfferHandoff(Alice, Ben.Id, TeamB, Note, desk.Now),
            Throws.TypeOf<CaseRuleException>().With.Message.Contains("either to one colleague or to one team"));
    }

    [Test]
    public void OfferHandoff_ToNobody_IsRefused()
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed();

        Assert.That(() => @case.OfferHandoff(Alice, null, null, Note, desk.Now),
            Throws.TypeOf<CaseRuleException>());
        Assert.That(@case.PendingHandoff, Is.Null);
    }

    [Test]
    public void OfferHandoff_ToSelf_IsRefused()
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed();

        Assert.That(() => @case.OfferHandoff(Alice, Alice.Id, null, Note, desk.Now),
            Throws.TypeOf<CaseRuleException>().With.Message.Contains("yourself"));
    }

    [Test]
    public void OfferHandoff_WhileAnotherIsPending_IsRefused()
    {
        var desk = new CaseBuilder();
        var (@case, first) = desk.WithHandoffToAgent(Ben);

        Assert.That(() => @case.OfferHandoff(Alice, null, TeamB, Note, desk.Now),
            Throws.TypeOf<CaseRuleException>().With.Message.Contains("cancel it first"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.Handoffs, Has.Count.EqualTo(1));
            Assert.That(@case.PendingHandoff, Is.SameAs(first));
        }
    }

    [Test]
    public void OfferHandoff_Always_ExpiresAfterTheCasesAcknowledgementTarget()
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed();

        var handoff = @case.OfferHandoff(Alice, Ben.Id, null, Note, desk.Now);

        Assert.That(handoff.ExpiresAt, Is.EqualTo(desk.Now + @case.Terms.Targets.HandoffAcknowledgement));
        Assert.That(handoff.ExpiresAt, Is.GreaterThan(desk.Now));
    }

    [TestCase(CaseStatus.Resolved)]
    [TestCase(CaseStatus.Closed)]
    public void OfferHandoff_OnFinishedCase_IsRefused(CaseStatus status)
    {
        var desk = new CaseBuilder();
        var @case = desk.InStatus(status);

        Assert.That(() => @case.OfferHandoff(Alice, Ben.Id, null, Note, desk.Now),
            Throws.TypeOf<CaseRuleException>());
    }

    [Test]
    public void OfferHandoff_WhileWaitingOnCustomer_IsAllowed()
    {
        var desk = new CaseBuilder();
        var @case = desk.WaitingOnCustomer();

        var handoff = @case.OfferHandoff(Alice, Ben.Id, null, Note, desk.Now);

        Assert.That(@case.PendingHandoff, Is.SameAs(handoff));
    }

    [Test]
    public void OfferHandoff_AfterPreviousOfferWasDeclined_IsAllowed()
    {
        var desk = new CaseBuilder();
        var (@case, first) = desk.WithHandoffToAgent(Ben);
        @case.DeclineHandoff(Ben, first.Id, "On leave from tomorrow.", desk.Now);

        var second = @case.OfferHandoff(Alice, null, TeamB, Note, desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.Handoffs, Has.Count.EqualTo(2));
            Assert.That(@case.PendingHandoff, Is.SameAs(second));
            Assert.That(@case.Handoffs.Count(h => h.IsPending), Is.EqualTo(1));
        }
    }

    // ---- Accept ----

    [Test]
    public void AcceptHandoff_ByNamedColleague_MovesOwnership()
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToAgent(Ben);

        @case.AcceptHandoff(Ben, handoff.Id, desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.OwnerId, Is.EqualTo(Ben.Id));
            Assert.That(@case.OwnerName, Is.EqualTo("Ben Okafor"));
            Assert.That(@case.TeamId, Is.EqualTo(TeamA), "a hand-off to a colleague keeps the case in its team");
            Assert.That(@case.PendingHandoff, Is.Null);
            Assert.That(handoff.Status, Is.EqualTo(HandoffStatus.Accepted));
            Assert.That(handoff.AnsweredById, Is.EqualTo(Ben.Id));
            Assert.That(handoff.AnsweredByName, Is.EqualTo("Ben Okafor"));
            Assert.That(handoff.AnsweredAt, Is.EqualTo(desk.Now));
            Assert.That(@case.Status, Is.EqualTo(CaseStatus.Open));
        }
    }

    [Test]
    public void AcceptHandoff_ByMemberOfNamedTeam_MovesOwnershipAndTeam()
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToTeam(TeamB);

        @case.AcceptHandoff(Chloe, handoff.Id, desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.OwnerId, Is.EqualTo(Chloe.Id));
            Assert.That(@case.OwnerName, Is.EqualTo("Chloe Tan"));
            Assert.That(@case.TeamId, Is.EqualTo(TeamB));
            Assert.That(handoff.Status, Is.EqualTo(HandoffStatus.Accepted));
        }
    }

    [Test]
    public void AcceptHandoff_ToOwnTeamByColleague_MovesOwnership()
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToTeam(TeamA);

        @case.AcceptHandoff(Ben, handoff.Id, desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.OwnerId, Is.EqualTo(Ben.Id));
            Assert.That(@case.TeamId, Is.EqualTo(TeamA));
        }
    }

    [Test]
    public void AcceptHandoff_ByNamedColleague_RecordsHandshakeWithBothNamesInternally()
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToAgent(Ben);

        @case.AcceptHandoff(Ben, handoff.Id, desk.Now);

        var entry = @case.LastEntry();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(entry.Kind, Is.EqualTo(TimelineKind.HandoffAccepted));
            Assert.That(entry.ActorName, Is.EqualTo("Ben Okafor"));
            Assert.That(entry.IsPublic, Is.False);
            Assert.That(entry.SubjectId, Is.EqualTo(handoff.Id));
            Assert.That(entry.Text, Does.Contain("Ben Okafor").And.Contain("Alice Moreau"));
        }
    }

    [TestCase(30, "under a minute")]
    [TestCase(25 * 60, "25 min")]
    [TestCase(90 * 60, "1 h 30 min")]
    [TestCase((26 * 60 + 5) * 60, "26 h 5 min")]
    public void AcceptHandoff_AfterAWhile_RecordsHowLongTheHandshakeTook(int seconds, string expected)
    {
        var desk = new CaseBuilder { HandoffAcknowledgement = TimeSpan.FromDays(2) };
        var @case = desk.Claimed();
        var handoff = @case.OfferHandoff(Alice, Ben.Id, null, Note, desk.Now);
        desk.Advance(TimeSpan.FromSeconds(seconds));

        @case.AcceptHandoff(Ben, handoff.Id, desk.Now);

        Assert.That(@case.LastEntry().Text, Does.Contain($"after {expected}"));
        Assert.That(((HandoffAccepted)@case.LastEvent()).TimeToAccept, Is.EqualTo(TimeSpan.FromSeconds(seconds)));
    }

    [Test]
    public void AcceptHandoff_ByMemberOfNamedTeam_RaisesHandoffAcceptedWithTimeTaken()
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToTeam(TeamB);
        desk.Advance(TimeSpan.FromMinutes(17));
        var version = @case.Version;

        @case.AcceptHandoff(Chloe, handoff.Id, desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.LastEvent(), Is.EqualTo(new HandoffAccepted(@case.Id, desk.Now, handoff.Id, Alice.Id!.Value, Chloe.Id!.Value, TeamB, desk.Now - handoff.OfferedAt)));
            Assert.That(((HandoffAccepted)@case.LastEvent()).TimeToAccept, Is.EqualTo(TimeSpan.FromMinutes(18)));
            Assert.That(@case.Version, Is.EqualTo(version + 1));
        }
    }

    [TestCaseSource(nameof(NotTheNamedColleague))]
    public void AcceptHandoff_ByWrongAgent_IsForbidden(Actor someoneElse)
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToAgent(Ben);

        Assert.That(() => @case.AcceptHandoff(someoneElse, handoff.Id, desk.Now), Throws.TypeOf<NotAllowedException>());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.OwnerId, Is.EqualTo(Alice.Id));
            Assert.That(handoff.IsPending, Is.True);
        }
    }

    [TestCaseSource(nameof(OutsidersOfTeamB))]
    public void AcceptHandoff_ToTeamByNonMember_IsForbidden(Actor outsider)
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToTeam(TeamB);

        Assert.That(() => @case.AcceptHandoff(outsider, handoff.Id, desk.Now), Throws.TypeOf<NotAllowedException>());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.OwnerId, Is.EqualTo(Alice.Id));
            Assert.That(@case.TeamId, Is.EqualTo(TeamA));
        }
    }

    [Test]
    public void AcceptHandoff_BySenderWhoIsInNamedTeam_IsForbidden()
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToTeam(TeamA);

        Assert.That(() => @case.AcceptHandoff(Alice, handoff.Id, desk.Now),
            Throws.TypeOf<NotAllowedException>().With.Message.Contains("You offered this hand-off"));
        Assert.That(handoff.IsPending, Is.True);
    }

    [Test]
    public void AcceptHandoff_UnknownHandoff_IsRefused()
    {
        var desk = new CaseBuilder();
        var (@case, _) = desk.WithHandoffToAgent(Ben);

        Assert.That(() => @case.AcceptHandoff(Ben, Guid.NewGuid(), desk.Now),
            Throws.TypeOf<NoSuchPartException>().With.Message.Contains("no such hand-off"));
    }

    [Test]
    public void AcceptHandoff_Twice_IsRefusedNamingWhoAccepted()
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToAgent(Ben);
        @case.AcceptHandoff(Ben, handoff.Id, desk.Now);

        Assert.That(() => @case.AcceptHandoff(Ben, handoff.Id, desk.Now),
            Throws.TypeOf<CaseRuleException>().With.Message.Contains("already accepted by Ben Okafor"));
    }

    [Test]
    public void AcceptHandoff_AlreadyDeclined_IsRefused()
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToAgent(Ben);
        @case.DeclineHandoff(Ben, handoff.Id, "I am on leave.", desk.Now);

        Assert.That(() => @case.AcceptHandoff(Ben, handoff.Id, desk.Now),
            Throws.TypeOf<CaseRuleException>().With.Message.Contains("already declined by Ben Okafor"));
        Assert.That(@case.OwnerId, Is.EqualTo(Alice.Id));
    }

    [Test]
    public void AcceptHandoff_AlreadyCancelled_IsRefused()
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToAgent(Ben);
        @case.CancelHandoff(Alice, handoff.Id, desk.Now);

        Assert.That(() => @case.AcceptHandoff(Ben, handoff.Id, desk.Now),
            Throws.TypeOf<CaseRuleException>().With.Message.Contains("already cancelled by Alice Moreau"));
        Assert.That(@case.OwnerId, Is.EqualTo(Alice.Id));
    }

    [Test]
    public void AcceptHandoff_AlreadyExpired_IsRefused()
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToAgent(Ben);
        @case.ExpireHandoff(handoff.Id, handoff.ExpiresAt);

        Assert.That(() => @case.AcceptHandoff(Ben, handoff.Id, handoff.ExpiresAt.AddMinutes(1)),
            Throws.TypeOf<CaseRuleException>().With.Message.Contains("expired"));
        Assert.That(@case.OwnerId, Is.EqualTo(Alice.Id));
    }

    [Test]
    public void AcceptHandoff_PastExpiryTimeBeforeTimerHasFired_IsRefusedAndSenderStaysOwner()
    {
        // The offer lapsed at ExpiresAt whether or not the timer has recorded it yet (it fires late after
        // a restart); ExpireHandoff itself treats the time as the truth, so a late accept must not win.
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToAgent(Ben);

        Assert.That(() => @case.AcceptHandoff(Ben, handoff.Id, handoff.ExpiresAt.AddMinutes(5)), Throws.TypeOf<CaseRuleException>());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.OwnerId, Is.EqualTo(Alice.Id));
            Assert.That(handoff.Status, Is.Not.EqualTo(HandoffStatus.Accepted));
        }
    }

    [Test]
    public void AcceptHandoff_JustBeforeExpiryTime_MovesOwnership()
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToAgent(Ben);

        @case.AcceptHandoff(Ben, handoff.Id, handoff.ExpiresAt.AddTicks(-1));

        Assert.That(@case.OwnerId, Is.EqualTo(Ben.Id));
    }

    [Test]
    public void AcceptHandoff_OfTeamOfferAlreadyTakenByTeammate_IsRefusedNamingTeammate()
    {
        var desk = new CaseBuilder();
        var dmitri = Actor.Staff(Guid.NewGuid(), "Dmitri Volkov", [TeamB], StaffRoles.Agent);
        var (@case, handoff) = desk.WithHandoffToTeam(TeamB);
        @case.AcceptHandoff(Chloe, handoff.Id, desk.Now);

        Assert.That(() => @case.AcceptHandoff(dmitri, handoff.Id, desk.Now),
            Throws.TypeOf<CaseRuleException>().With.Message.Contains("Chloe Tan"));
        Assert.That(@case.OwnerId, Is.EqualTo(Chloe.Id));
    }

    [Test]
    public void AcceptHandoff_WhileWaitingOnCustomer_KeepsWaiting()
    {
        var desk = new CaseBuilder();
        var @case = desk.WaitingOnCustomer();
        var handoff = @case.OfferHandoff(Alice, Ben.Id, null, Note, desk.Now);

        @case.AcceptHandoff(Ben, handoff.Id, desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.OwnerId, Is.EqualTo(Ben.Id));
            Assert.That(@case.Status, Is.EqualTo(CaseStatus.WaitingOnCustomer));
        }
    }

    [Test]
    public void AcceptHandoff_NewOwner_CanActAndOldOwnerCannot()
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToAgent(Ben);
        @case.AcceptHandoff(Ben, handoff.Id, desk.Now);

        Assert.That(() => @case.Reply(Alice, "Hello again.", desk.Now), Throws.TypeOf<NotAllowedException>().With.Message.Contains("Ben Okafor"));
        @case.Reply(Ben, "I am looking after your case now.", desk.Now);
        Assert.That(@case.LastEntry().ActorName, Is.EqualTo("Ben Okafor"));
    }

    // ---- Decline ----

    [Test]
    public void DeclineHandoff_ByNamedColleague_LeavesSenderAsOwner()
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToAgent(Ben);

        @case.DeclineHandoff(Ben, handoff.Id, "  On leave from tomorrow. ", desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.OwnerId, Is.EqualTo(Alice.Id));
            Assert.That(@case.OwnerName, Is.EqualTo("Alice Moreau"));
            Assert.That(@case.TeamId, Is.EqualTo(TeamA));
            Assert.That(@case.PendingHandoff, Is.Null);
            Assert.That(handoff.Status, Is.EqualTo(HandoffStatus.Declined));
            Assert.That(handoff.DeclineReason, Is.EqualTo("On leave from tomorrow."));
            Assert.That(handoff.AnsweredByName, Is.EqualTo("Ben Okafor"));
            Assert.That(handoff.AnsweredAt, Is.EqualTo(desk.Now));
        }
    }

    [Test]
    public void DeclineHandoff_ByTeamMember_LeavesSenderAsOwnerInOwnTeam()
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToTeam(TeamB);

        @case.DeclineHandoff(Chloe, handoff.Id, "Not a courier matter.", desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.OwnerId, Is.EqualTo(Alice.Id));
            Assert.That(@case.TeamId, Is.EqualTo(TeamA));
        }
    }

    [Test]
    public void DeclineHandoff_ByNamedColleague_RecordsReasonInternally()
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToAgent(Ben);

        @case.DeclineHandoff(Ben, handoff.Id, "On leave from tomorrow.", desk.Now);

        var entry = @case.LastEntry();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(entry.Kind, Is.EqualTo(TimelineKind.HandoffDeclined));
            Assert.That(entry.ActorName, Is.EqualTo("Ben Okafor"));
            Assert.That(entry.IsPublic, Is.False);
            Assert.That(entry.Text, Is.EqualTo("On leave from tomorrow."));
            Assert.That(entry.SubjectId, Is.EqualTo(handoff.Id));
        }
    }

    [Test]
    public void DeclineHandoff_ByNamedColleague_RaisesHandoffDeclinedForSenderAndBumpsVersion()
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToAgent(Ben);
        var version = @case.Version;

        @case.DeclineHandoff(Ben, handoff.Id, "On leave from tomorrow.", desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.LastEvent(), Is.EqualTo(new HandoffDeclined(@case.Id, desk.Now, handoff.Id, Alice.Id!.Value, Ben.Id!.Value, "On leave from tomorrow.")));
            Assert.That(@case.Version, Is.EqualTo(version + 1));
        }
    }

    [TestCaseSource(nameof(NotTheNamedColleague))]
    public void DeclineHandoff_ByWrongAgent_IsForbidden(Actor someoneElse)
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToAgent(Ben);

        Assert.That(() => @case.DeclineHandoff(someoneElse, handoff.Id, "Not mine.", desk.Now), Throws.TypeOf<NotAllowedException>());
        Assert.That(handoff.IsPending, Is.True);
    }

    [Test]
    public void DeclineHandoff_ToTeamByNonMember_IsForbidden()
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToTeam(TeamB);

        Assert.That(() => @case.DeclineHandoff(Ben, handoff.Id, "Not mine.", desk.Now),
            Throws.TypeOf<NotAllowedException>().With.Message.Contains("team"));
    }

    [Test]
    public void DeclineHandoff_BySenderWhoIsInNamedTeam_IsForbiddenAndPointsToCancel()
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToTeam(TeamA);

        Assert.That(() => @case.DeclineHandoff(Alice, handoff.Id, "Changed my mind.", desk.Now),
            Throws.TypeOf<NotAllowedException>().With.Message.Contains("cancel it instead"));
        Assert.That(handoff.IsPending, Is.True);
    }

    [Test]
    public void DeclineHandoff_AlreadyAccepted_IsRefusedAndOwnershipStaysWithAccepter()
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToAgent(Ben);
        @case.AcceptHandoff(Ben, handoff.Id, desk.Now);

        Assert.That(() => @case.DeclineHandoff(Ben, handoff.Id, "Oops.", desk.Now),
            Throws.TypeOf<CaseRuleException>().With.Message.Contains("already accepted"));
        Assert.That(@case.OwnerId, Is.EqualTo(Ben.Id));
    }

    [Test]
    public void DeclineHandoff_UnknownHandoff_IsRefused()
    {
        var desk = new CaseBuilder();
        var (@case, _) = desk.WithHandoffToAgent(Ben);

        Assert.That(() => @case.DeclineHandoff(Ben, Guid.NewGuid(), "Not mine.", desk.Now), Throws.TypeOf<NoSuchPartException>());
    }

    // ---- Cancel ----

    [Test]
    public void CancelHandoff_BySender_LeavesSenderAsOwner()
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToAgent(Ben);

        @case.CancelHandoff(Alice, handoff.Id, desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.OwnerId, Is.EqualTo(Alice.Id));
            Assert.That(@case.PendingHandoff, Is.Null);
            Assert.That(handoff.Status, Is.EqualTo(HandoffStatus.Cancelled));
            Assert.That(handoff.AnsweredByName, Is.EqualTo("Alice Moreau"));
            Assert.That(handoff.AnsweredAt, Is.EqualTo(desk.Now));
        }
    }

    [Test]
    public void CancelHandoff_BySender_RecordsWithdrawalInternallyAndTellsRecipient()
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToTeam(TeamB);
        var version = @case.Version;

        @case.CancelHandoff(Alice, handoff.Id, desk.Now);

        var entry = @case.LastEntry();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(entry.Kind, Is.EqualTo(TimelineKind.HandoffCancelled));
            Assert.That(entry.ActorName, Is.EqualTo("Alice Moreau"));
            Assert.That(entry.IsPublic, Is.False);
            Assert.That(entry.Text, Does.Contain("Alice Moreau"));
            Assert.That(entry.SubjectId, Is.EqualTo(handoff.Id));
            Assert.That(@case.LastEvent(), Is.EqualTo(new HandoffCancelled(@case.Id, desk.Now, handoff.Id, null, TeamB)));
            Assert.That(@case.Version, Is.EqualTo(version + 1));
        }
    }

    [TestCaseSource(nameof(NotTheSender))]
    public void CancelHandoff_ByAnyoneButSender_IsForbidden(Actor someoneElse)
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToAgent(Ben);

        Assert.That(() => @case.CancelHandoff(someoneElse, handoff.Id, desk.Now), Throws.TypeOf<NotAllowedException>());
        Assert.That(handoff.IsPending, Is.True);
    }

    [Test]
    public void CancelHandoff_AlreadyAccepted_IsRefusedNamingAccepter()
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToAgent(Ben);
        @case.AcceptHandoff(Ben, handoff.Id, desk.Now);

        Assert.That(() => @case.CancelHandoff(Alice, handoff.Id, desk.Now),
            Throws.TypeOf<CaseRuleException>().With.Message.Contains("already accepted by Ben Okafor"));
        Assert.That(@case.OwnerId, Is.EqualTo(Ben.Id));
    }

    [Test]
    public void CancelHandoff_Twice_IsRefused()
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToAgent(Ben);
        @case.CancelHandoff(Alice, handoff.Id, desk.Now);

        Assert.That(() => @case.CancelHandoff(Alice, handoff.Id, desk.Now),
            Throws.TypeOf<CaseRuleException>().With.Message.Contains("already cancelled"));
    }

    [Test]
    public void CancelHandoff_UnknownHandoff_IsRefused()
    {
        var desk = new CaseBuilder();
        var (@case, _) = desk.WithHandoffToAgent(Ben);

        Assert.That(() => @case.CancelHandoff(Alice, Guid.NewGuid(), desk.Now),
            Throws.TypeOf<NoSuchPartException>().With.Message.Contains("no such hand-off"));
    }

    [Test]
    public void CancelHandoff_ThenOfferAgain_IsAllowed()
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToAgent(Ben);
        @case.CancelHandoff(Alice, handoff.Id, desk.Now);

        var again = @case.OfferHandoff(Alice, Chloe.Id, null, Note, desk.Now);

        Assert.That(@case.PendingHandoff, Is.SameAs(again));
    }

    // ---- Expire ----

    [Test]
    public void ExpireHandoff_AtDeadline_LeavesSenderAsOwner()
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToAgent(Ben);

        var expired = @case.ExpireHandoff(handoff.Id, handoff.ExpiresAt);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(expired, Is.True);
            Assert.That(handoff.Status, Is.EqualTo(HandoffStatus.Expired));
            Assert.That(handoff.AnsweredAt, Is.EqualTo(handoff.ExpiresAt));
            Assert.That(@case.PendingHandoff, Is.Null);
            Assert.That(@case.OwnerId, Is.EqualTo(Alice.Id));
            Assert.That(@case.OwnerName, Is.EqualTo("Alice Moreau"));
            Assert.That(@case.TeamId, Is.EqualTo(TeamA));
        }
    }

    [Test]
    public void ExpireHandoff_LongAfterDeadline_StillExpires()
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToTeam(TeamB);

        Assert.That(@case.ExpireHandoff(handoff.Id, handoff.ExpiresAt.AddDays(3)), Is.True);
        Assert.That(@case.OwnerId, Is.EqualTo(Alice.Id));
    }

    [Test]
    public void ExpireHandoff_AtDeadline_RecordsInternalSystemEntryNamingOwner()
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToAgent(Ben);

        @case.ExpireHandoff(handoff.Id, handoff.ExpiresAt);

        var entry = @case.LastEntry();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(entry.Kind, Is.EqualTo(TimelineKind.HandoffExpired));
            Assert.That(entry.ActorName, Is.EqualTo("RecoveryDesk"));
            Assert.That(entry.ActorKind, Is.EqualTo(ActorKind.System));
            Assert.That(entry.IsPublic, Is.False);
            Assert.That(entry.Text, Does.Contain("Alice Moreau").And.Contain("still owns"));
            Assert.That(entry.SubjectId, Is.EqualTo(handoff.Id));
            Assert.That(entry.At, Is.EqualTo(handoff.ExpiresAt));
        }
    }

    [Test]
    public void ExpireHandoff_AtDeadline_RaisesHandoffExpiredForSenderAndBumpsVersion()
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToAgent(Ben);
        var version = @case.Version;

        @case.ExpireHandoff(handoff.Id, handoff.ExpiresAt);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.LastEvent(), Is.EqualTo(new HandoffExpired(@case.Id, handoff.ExpiresAt, handoff.Id, Alice.Id!.Value, Ben.Id, null)));
            Assert.That(@case.Version, Is.EqualTo(version + 1));
            Assert.That(@case.LastActivityAt, Is.EqualTo(handoff.ExpiresAt));
        }
    }

    [Test]
    public void ExpireHandoff_BeforeDeadline_DoesNothing()
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToAgent(Ben);
        var version = @case.Version;
        var entries = @case.Timeline.Count;
        var events = @case.Events.Count;

        var expired = @case.ExpireHandoff(handoff.Id, handoff.ExpiresAt.AddTicks(-1));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(expired, Is.False);
            Assert.That(handoff.IsPending, Is.True);
            Assert.That(@case.Version, Is.EqualTo(version));
            Assert.That(@case.Timeline, Has.Count.EqualTo(entries));
            Assert.That(@case.Events, Has.Count.EqualTo(events));
        }
    }

    [Test]
    public void ExpireHandoff_FiredTwice_DoesNothingTheSecondTime()
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToAgent(Ben);
        @case.ExpireHandoff(handoff.Id, handoff.ExpiresAt);
        var version = @case.Version;
        var entries = @case.Timeline.Count;
        var events = @case.Events.Count;

        var again = @case.ExpireHandoff(handoff.Id, handoff.ExpiresAt.AddSeconds(1));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(again, Is.False);
            Assert.That(@case.Version, Is.EqualTo(version));
            Assert.That(@case.Timeline, Has.Count.EqualTo(entries));
            Assert.That(@case.Events, Has.Count.EqualTo(events));
        }
    }

    [TestCase(HandoffStatus.Accepted)]
    [TestCase(HandoffStatus.Declined)]
    [TestCase(HandoffStatus.Cancelled)]
    public void ExpireHandoff_AlreadyAnswered_DoesNothing(HandoffStatus answer)
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToAgent(Ben);
        switch (answer)
        {
            case HandoffStatus.Accepted:
                @case.AcceptHandoff(Ben, handoff.Id, desk.Now);
                break;
            case HandoffStatus.Declined:
                @case.DeclineHandoff(Ben, handoff.Id, "Not mine.", desk.Now);
                break;
            default:
                @case.CancelHandoff(Alice, handoff.Id, desk.Now);
                break;
        }

        var owner = @case.OwnerId;
        var version = @case.Version;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.ExpireHandoff(handoff.Id, handoff.ExpiresAt), Is.False);
            Assert.That(handoff.Status, Is.EqualTo(answer));
            Assert.That(@case.OwnerId, Is.EqualTo(owner));
            Assert.That(@case.Version, Is.EqualTo(version));
        }
    }

    [Test]
    public void ExpireHandoff_UnknownHandoff_DoesNothing()
    {
        var desk = new CaseBuilder();
        var (@case, _) = desk.WithHandoffToAgent(Ben);
        var version = @case.Version;

        Assert.That(@case.ExpireHandoff(Guid.NewGuid(), desk.Later(TimeSpan.FromDays(1))), Is.False);
        Assert.That(@case.Version, Is.EqualTo(version));
    }

    [Test]
    public void ExpireHandoff_ThenOfferAgain_IsAllowed()
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToAgent(Ben);
        desk.Advance(TimeSpan.FromHours(3));
        @case.ExpireHandoff(handoff.Id, desk.Now);

        var again = @case.OfferHandoff(Alice, null, TeamB, Note, desk.Now);

        Assert.That(@case.PendingHandoff, Is.SameAs(again));
    }
}
