using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Domain.Staff;
using static RecoveryDesk.Domain.Tests.Cases.CaseBuilder;

namespace RecoveryDesk.Domain.Tests.Cases;

public sealed class LifecycleTests
{
    private static IEnumerable<TestCaseData> NonOwners()
    {
        yield return new TestCaseData(Ben).SetArgDisplayNames("colleague in the team");
        yield return new TestCaseData(Sofia).SetArgDisplayNames("supervisor");
        yield return new TestCaseData(TheCustomer).SetArgDisplayNames("customer");
        yield return new TestCaseData(TheSystem).SetArgDisplayNames("system");
    }

    private static IEnumerable<TestCaseData> NeitherOwnerNorSupervisor()
    {
        yield return new TestCaseData(Ben).SetArgDisplayNames("colleague in the team");
        yield return new TestCaseData(Chloe).SetArgDisplayNames("agent of another team");
        yield return new TestCaseData(TheCustomer).SetArgDisplayNames("customer");
        yield return new TestCaseData(TheSystem).SetArgDisplayNames("system");
    }

    private static IEnumerable<TestCaseData> People()
    {
        yield return new TestCaseData(TheCustomer).SetArgDisplayNames("customer");
        yield return new TestCaseData(Alice).SetArgDisplayNames("owner");
        yield return new TestCaseData(Ben).SetArgDisplayNames("colleague");
        yield return new TestCaseData(Sofia).SetArgDisplayNames("supervisor");
    }

    // ---- Waiting on the customer ----

    [Test]
    public void WaitOnCustomer_ByOwner_PausesAndTellsTheCustomer()
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed();
        var version = @case.Version;

        @case.WaitOnCustomer(Alice, desk.Now);

        var entry = @case.LastEntry();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.Status, Is.EqualTo(CaseStatus.WaitingOnCustomer));
            Assert.That(@case.IsActive, Is.True);
            Assert.That(@case.WaitingSince, Is.EqualTo(desk.Now));
            Assert.That(@case.OwnerId, Is.EqualTo(Alice.Id));
            Assert.That(entry.Kind, Is.EqualTo(TimelineKind.WaitingOnCustomer));
            Assert.That(entry.ActorName, Is.EqualTo("Alice Moreau"));
            Assert.That(entry.IsPublic, Is.True);
            Assert.That(entry.Text, Is.EqualTo("We are waiting for your answer."));
            Assert.That(@case.LastEvent(), Is.EqualTo(new CaseWaitingOnCustomer(@case.Id, desk.Now)));
            Assert.That(@case.Version, Is.EqualTo(version + 1));
        }
    }

    [TestCaseSource(nameof(NonOwners))]
    public void WaitOnCustomer_ByNonOwner_IsForbidden(Actor someoneElse)
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed();

        Assert.That(() => @case.WaitOnCustomer(someoneElse, desk.Now), Throws.TypeOf<NotAllowedException>().With.Message.Contains("Alice Moreau"));
        Assert.That(@case.Status, Is.EqualTo(CaseStatus.Open));
    }

    [Test]
    public void WaitOnCustomer_OnNewCase_IsForbiddenUntilClaimed()
    {
        var desk = new CaseBuilder();
        var @case = desk.Opened();

        Assert.That(() => @case.WaitOnCustomer(Alice, desk.Now), Throws.TypeOf<NotAllowedException>());
    }

    [TestCase(CaseStatus.WaitingOnCustomer)]
    [TestCase(CaseStatus.Resolved)]
    [TestCase(CaseStatus.Closed)]
    public void WaitOnCustomer_WhenNotOpen_IsRefused(CaseStatus status)
    {
        var desk = new CaseBuilder();
        var @case = desk.InStatus(status);
        var version = @case.Version;

        Assert.That(() => @case.WaitOnCustomer(Alice, desk.Now), Throws.TypeOf<CaseRuleException>());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.Status, Is.EqualTo(status));
            Assert.That(@case.Version, Is.EqualTo(version));
        }
    }

    [Test]
    public void Resume_ByOwner_WorksOnTheCaseAgain()
    {
        var desk = new CaseBuilder();
        var @case = desk.WaitingOnCustomer();
        var version = @case.Version;

        @case.Resume(Alice, desk.Now);

        var entry = @case.LastEntry();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.Status, Is.EqualTo(CaseStatus.Open));
            Assert.That(@case.WaitingSince, Is.Null);
            Assert.That(entry.Kind, Is.EqualTo(TimelineKind.Resumed));
            Assert.That(entry.ActorName, Is.EqualTo("Alice Moreau"));
            Assert.That(entry.IsPublic, Is.True);
            Assert.That(entry.Text, Is.EqualTo("We are working on your case again."));
            Assert.That(@case.LastEvent(), Is.EqualTo(new CaseResumed(@case.Id, desk.Now)));
            Assert.That(@case.Version, Is.EqualTo(version + 1));
        }
    }

    [TestCaseSource(nameof(NonOwners))]
    public void Resume_ByNonOwner_IsForbidden(Actor someoneElse)
    {
        var desk = new CaseBuilder();
        var @case = desk.WaitingOnCustomer();

        Assert.That(() => @case.Resume(someoneElse, desk.Now), Throws.TypeOf<NotAllowedException>().With.Message.Contains("Alice Moreau"));
        Assert.That(@case.Status, Is.EqualTo(CaseStatus.WaitingOnCustomer));
    }

    [TestCase(CaseStatus.Open)]
    [TestCase(CaseStatus.Resolved)]
    [TestCase(CaseStatus.Closed)]
    public void Resume_WhenNotWaiting_IsRefused(CaseStatus status)
    {
        var desk = new CaseBuilder();
        var @case = desk.InStatus(status);

        Assert.That(() => @case.Resume(Alice, desk.Now), Throws.TypeOf<CaseRuleException>().With.Message.Contains("waiting on the customer"));
        Assert.That(@case.Status, Is.EqualTo(status));
    }

    [Test]
    public void WaitOnCustomer_AfterResume_CanWaitAgain()
    {
        var desk = new CaseBuilder();
        var @case = desk.WaitingOnCustomer();
        @case.Resume(Alice, desk.Now);
        desk.Advance(TimeSpan.FromHours(1));

        @case.WaitOnCustomer(Alice, desk.Now);

        Assert.That(@case.WaitingSince, Is.EqualTo(desk.Now));
    }

    // ---- Resolve ----

    [Test]
    public void Resolve_ByOwner_ResolvesWithSummaryAndKeepsOwner()
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed();
        var version = @case.Version;

        @case.Resolve(Alice, "  Replacement vase delivered. ", desk.Now);

        var entry = @case.LastEntry();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.Status, Is.EqualTo(CaseStatus.Resolved));
            Assert.That(@case.IsActive, Is.False);
            Assert.That(@case.ResolvedAt, Is.EqualTo(desk.Now));
            Assert.That(@case.ResolutionSummary, Is.EqualTo("Replacement vase delivered."));
            Assert.That(@case.OwnerId, Is.EqualTo(Alice.Id));
            Assert.That(entry.Kind, Is.EqualTo(TimelineKind.Resolved));
            Assert.That(entry.ActorName, Is.EqualTo("Alice Moreau"));
            Assert.That(entry.IsPublic, Is.True);
            Assert.That(entry.Text, Is.EqualTo("Replacement vase delivered."));
            Assert.That(@case.LastEvent(), Is.EqualTo(new CaseResolved(@case.Id, desk.Now, Alice.Id!.Value)));
            Assert.That(@case.Version, Is.EqualTo(version + 1));
        }
    }

    [Test]
    public void Resolve_WhileWaitingOnCustomer_EndsTheWait()
    {
        var desk = new CaseBuilder();
        var @case = desk.WaitingOnCustomer();

        @case.Resolve(Alice, "Customer confirmed by phone.", desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.Status, Is.EqualTo(CaseStatus.Resolved));
            Assert.That(@case.WaitingSince, Is.Null);
        }
    }

    [TestCaseSource(nameof(NonOwners))]
    public void Resolve_ByNonOwner_IsForbidden(Actor someoneElse)
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed();

        Assert.That(() => @case.Resolve(someoneElse, "Done.", desk.Now), Throws.TypeOf<NotAllowedException>().With.Message.Contains("Alice Moreau"));
        Assert.That(@case.Status, Is.EqualTo(CaseStatus.Open));
    }

    [Test]
    public void Resolve_OnNewCase_IsForbiddenUntilClaimed()
    {
        var desk = new CaseBuilder();
        var @case = desk.Opened();

        Assert.That(() => @case.Resolve(Alice, "Done.", desk.Now), Throws.TypeOf<NotAllowedException>().With.Message.Contains("claim the case first"));
    }

    [TestCase(CaseStatus.Resolved)]
    [TestCase(CaseStatus.Closed)]
    public void Resolve_AlreadyFinished_IsRefused(CaseStatus status)
    {
        var desk = new CaseBuilder();
        var @case = desk.InStatus(status);
        var resolvedAt = @case.ResolvedAt;

        Assert.That(() => @case.Resolve(Alice, "Done again.", desk.Now), Throws.TypeOf<CaseRuleException>());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.Status, Is.EqualTo(status));
            Assert.That(@case.ResolvedAt, Is.EqualTo(resolvedAt));
        }
    }

    [Test]
    public void Resolve_WithPendingHandoff_IsRefused()
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToAgent(Ben);

        Assert.That(() => @case.Resolve(Alice, "Done.", desk.Now), Throws.TypeOf<CaseRuleException>().With.Message.Contains("cancel it before resolving"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.Status, Is.EqualTo(CaseStatus.Open));
            Assert.That(handoff.IsPending, Is.True);
        }
    }

    [Test]
    public void Resolve_AfterHandoffCancelled_IsAllowed()
    {
        var desk = new CaseBuilder();
        var (@case, handoff) = desk.WithHandoffToAgent(Ben);
        @case.CancelHandoff(Alice, handoff.Id, desk.Now);

        @case.Resolve(Alice, "Done.", desk.Now);

        Assert.That(@case.Status, Is.EqualTo(CaseStatus.Resolved));
    }

    // ---- Reopen ----

    [Test]
    public void Reopen_ResolvedCaseByCustomer_ReopensWithTheSameOwner()
    {
        var desk = new CaseBuilder();
        var @case = desk.Resolved();
        var version = @case.Version;

        @case.Reopen(TheCustomer, "  The new vase is cracked too. ", desk.Now);

        var entry = @case.LastEntry();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.Status, Is.EqualTo(CaseStatus.Open));
            Assert.That(@case.IsActive, Is.True);
            Assert.That(@case.OwnerId, Is.EqualTo(Alice.Id), "the customer goes back to the person who knows the case");
            Assert.That(@case.ReopenCount, Is.EqualTo(1));
            Assert.That(entry.Kind, Is.EqualTo(TimelineKind.Reopened));
            Assert.That(entry.ActorName, Is.EqualTo("Margaret Hughes"));
            Assert.That(entry.ActorKind, Is.EqualTo(ActorKind.Customer));
            Assert.That(entry.IsPublic, Is.True);
            Assert.That(entry.Text, Is.EqualTo("The new vase is cracked too."));
            Assert.That(@case.LastEvent(), Is.EqualTo(new CaseReopened(@case.Id, desk.Now, Alice.Id)));
            Assert.That(@case.Version, Is.EqualTo(version + 1));
        }
    }

    [TestCaseSource(nameof(People))]
    public void Reopen_ClosedCaseByAPerson_ReopensAndClearsClosedTime(Actor person)
    {
        var desk = new CaseBuilder();
        var @case = desk.Closed();

        @case.Reopen(person, "Not fixed after all.", desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.Status, Is.EqualTo(CaseStatus.Open));
            Assert.That(@case.ClosedAt, Is.Null);
            Assert.That(@case.OwnerId, Is.EqualTo(Alice.Id));
            Assert.That(@case.LastEntry().ActorName, Is.EqualTo(person.Name));
        }
    }

    [Test]
    public void Reopen_BySystem_IsForbidden()
    {
        var desk = new CaseBuilder();
        var @case = desk.Resolved();

        Assert.That(() => @case.Reopen(TheSystem, "Timer.", desk.Now), Throws.TypeOf<NotAllowedException>().With.Message.Contains("people"));
        Assert.That(@case.Status, Is.EqualTo(CaseStatus.Resolved));
    }

    [TestCase(CaseStatus.New)]
    [TestCase(CaseStatus.Open)]
    [TestCase(CaseStatus.WaitingOnCustomer)]
    public void Reopen_CaseNotResolvedOrClosed_IsRefused(CaseStatus status)
    {
        var desk = new CaseBuilder();
        var @case = desk.InStatus(status);

        Assert.That(() => @case.Reopen(TheCustomer, "Hello?", desk.Now), Throws.TypeOf<CaseRuleException>().With.Message.Contains("resolved or closed"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.Status, Is.EqualTo(status));
            Assert.That(@case.ReopenCount, Is.Zero);
        }
    }

    [Test]
    public void Reopen_Twice_CountsEachReopening()
    {
        var desk = new CaseBuilder();
        var @case = desk.Resolved();
        @case.Reopen(TheCustomer, "Still broken.", desk.Now);
        @case.Resolve(Alice, "Second replacement delivered.", desk.Now);

        @case.Reopen(TheCustomer, "Still broken!", desk.Now);

        Assert.That(@case.ReopenCount, Is.EqualTo(2));
    }

    [Test]
    public void Reopen_ResolvedCase_OwnerCanWorkAndResolveAgain()
    {
        var desk = new CaseBuilder();
        var @case = desk.Resolved();
        @case.Reopen(TheCustomer, "Still broken.", desk.Now);
        desk.Advance(TimeSpan.FromHours(2));

        @case.Resolve(Alice, "Refunded in full.", desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.Status, Is.EqualTo(CaseStatus.Resolved));
            Assert.That(@case.ResolvedAt, Is.EqualTo(desk.Now));
            Assert.That(@case.ResolutionSummary, Is.EqualTo("Refunded in full."));
        }
    }

    // ---- Close ----

    [Test]
    public void Close_ResolvedCaseByOwner_ClosesAndKeepsOwner()
    {
        var desk = new CaseBuilder();
        var @case = desk.Resolved();
        var version = @case.Version;

        @case.Close(Alice, desk.Now);

        var entry = @case.LastEntry();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.Status, Is.EqualTo(CaseStatus.Closed));
            Assert.That(@case.IsActive, Is.False);
            Assert.That(@case.ClosedAt, Is.EqualTo(desk.Now));
            Assert.That(@case.OwnerId, Is.EqualTo(Alice.Id));
            Assert.That(entry.Kind, Is.EqualTo(TimelineKind.Closed));
            Assert.That(entry.ActorName, Is.EqualTo("Alice Moreau"));
            Assert.That(entry.IsPublic, Is.True);
            Assert.That(entry.Text, Is.EqualTo("Your case is closed."));
            Assert.That(@case.LastEvent(), Is.EqualTo(new CaseClosed(@case.Id, desk.Now)));
            Assert.That(@case.Version, Is.EqualTo(version + 1));
        }
    }

    [Test]
    public void Close_ResolvedCaseBySupervisor_IsAllowed()
    {
        var desk = new CaseBuilder();
        var @case = desk.Resolved();

        @case.Close(Sofia, desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.Status, Is.EqualTo(CaseStatus.Closed));
            Assert.That(@case.LastEntry().ActorName, Is.EqualTo("Sofia Lind"));
        }
    }

    [TestCaseSource(nameof(NeitherOwnerNorSupervisor))]
    public void Close_ByNeitherOwnerNorSupervisor_IsForbidden(Actor someoneElse)
    {
        var desk = new CaseBuilder();
        var @case = desk.Resolved();

        Assert.That(() => @case.Close(someoneElse, desk.Now), Throws.TypeOf<NotAllowedException>().With.Message.Contains("owner or a supervisor"));
        Assert.That(@case.Status, Is.EqualTo(CaseStatus.Resolved));
    }

    [TestCase(CaseStatus.Open)]
    [TestCase(CaseStatus.WaitingOnCustomer)]
    [TestCase(CaseStatus.Closed)]
    public void Close_CaseNotResolved_IsRefused(CaseStatus status)
    {
        var desk = new CaseBuilder();
        var @case = desk.InStatus(status);
        var closedAt = @case.ClosedAt;

        Assert.That(() => @case.Close(Alice, desk.Now), Throws.TypeOf<CaseRuleException>().With.Message.Contains("Only a resolved case"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.Status, Is.EqualTo(status));
            Assert.That(@case.ClosedAt, Is.EqualTo(closedAt));
        }
    }

    [Test]
    public void Close_NewCaseBySupervisor_IsRefused()
    {
        var desk = new CaseBuilder();
        var @case = desk.Opened();

        Assert.That(() => @case.Close(Sofia, desk.Now), Throws.TypeOf<CaseRuleException>());
        Assert.That(@case.Status, Is.EqualTo(CaseStatus.New));
    }
}
