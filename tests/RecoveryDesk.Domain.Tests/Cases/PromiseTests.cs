using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Domain.Staff;
using static RecoveryDesk.Domain.Tests.Cases.CaseBuilder;

namespace RecoveryDesk.Domain.Tests.Cases;

public sealed class PromiseTests
{
    private static IEnumerable<TestCaseData> NonOwners()
    {
        yield return new TestCaseData(Ben).SetArgDisplayNames("colleague in the team");
        yield return new TestCaseData(Sofia).SetArgDisplayNames("supervisor");
        yield return new TestCaseData(TheCustomer).SetArgDisplayNames("customer");
        yield return new TestCaseData(TheSystem).SetArgDisplayNames("system");
    }

    // ---- Make ----

    [Test]
    public void MakePromise_ByOwner_IsOpenWithItsDueTime()
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed();
        var due = desk.Later(TimeSpan.FromHours(6));

        var promise = @case.MakePromise(Alice, "  I will call you back by 3 pm. ", due, desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.Promises, Is.EqualTo(new[] { promise }));
            Assert.That(promise.Status, Is.EqualTo(PromiseStatus.Open));
            Assert.That(promise.IsOutstanding, Is.True);
            Assert.That(promise.Text, Is.EqualTo("I will call you back by 3 pm."));
            Assert.That(promise.DueAt, Is.EqualTo(due));
            Assert.That(promise.OriginalDueAt, Is.EqualTo(due));
            Assert.That(promise.MadeAt, Is.EqualTo(desk.Now));
            Assert.That(promise.MadeById, Is.EqualTo(Alice.Id));
            Assert.That(promise.CaseId, Is.EqualTo(@case.Id));
            Assert.That(promise.SettledAt, Is.Null);
        }
    }

    [Test]
    public void MakePromise_ByOwner_TellsTheCustomerWhatAndByWhen()
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed();
        var due = new DateTimeOffset(2025, 3, 4, 15, 0, 0, TimeSpan.Zero);

        var promise = @case.MakePromise(Alice, "I will call you back.", due, desk.Now);

        var entry = @case.LastEntry();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(entry.Kind, Is.EqualTo(TimelineKind.PromiseMade));
            Assert.That(entry.ActorName, Is.EqualTo("Alice Moreau"));
            Assert.That(entry.IsPublic, Is.True, "the customer sees the same due time the desk works against");
            Assert.That(entry.Text, Does.Contain("I will call you back.").And.Contain("2025-03-04 15:00:00Z"));
            Assert.That(entry.SubjectId, Is.EqualTo(promise.Id));
        }
    }

    [Test]
    public void MakePromise_ByOwner_RaisesPromiseMadeAndBumpsVersion()
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed();
        var version = @case.Version;
        var due = desk.Later(TimeSpan.FromHours(2));

        var promise = @case.MakePromise(Alice, "Refund by tonight.", due, desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.LastEvent(), Is.EqualTo(new PromiseMade(@case.Id, desk.Now, promise.Id, due)));
            Assert.That(@case.Version, Is.EqualTo(version + 1));
        }
    }

    [TestCaseSource(nameof(NonOwners))]
    public void MakePromise_ByNonOwner_IsForbiddenNamingTheOwner(Actor someoneElse)
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed();

        Assert.That(() => @case.MakePromise(someoneElse, "Refund.", desk.Later(TimeSpan.FromHours(1)), desk.Now),
            Throws.TypeOf<NotAllowedException>().With.Message.Contains("Alice Moreau"));
        Assert.That(@case.Promises, Is.Empty);
    }

    [Test]
    public void MakePromise_OnNewCase_IsForbiddenUntilClaimed()
    {
        var desk = new CaseBuilder();
        var @case = desk.Opened();

        Assert.That(() => @case.MakePromise(Alice, "Refund.", desk.Later(TimeSpan.FromHours(1)), desk.Now),
            Throws.TypeOf<NotAllowedException>().With.Message.Contains("claim the case first"));
    }

    [TestCase(CaseStatus.Resolved)]
    [TestCase(CaseStatus.Closed)]
    public void MakePromise_OnFinishedCase_IsRefused(CaseStatus status)
    {
        var desk = new CaseBuilder();
        var @case = desk.InStatus(status);

        Assert.That(() => @case.MakePromise(Alice, "Refund.", desk.Later(TimeSpan.FromHours(1)), desk.Now), Throws.TypeOf<CaseRuleException>());
        Assert.That(@case.Promises, Is.Empty);
    }

    [Test]
    public void MakePromise_WhileWaitingOnCustomer_IsAllowed()
    {
        var desk = new CaseBuilder();
        var @case = desk.WaitingOnCustomer();

        var promise = @case.MakePromise(Alice, "Refund once you confirm.", desk.Later(TimeSpan.FromDays(1)), desk.Now);

        Assert.That(promise.IsOutstanding, Is.True);
    }

    [TestCase(0)]
    [TestCase(-60)]
    public void MakePromise_DueNowOrInThePast_IsRefused(int minutesFromNow)
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed();

        Assert.That(() => @case.MakePromise(Alice, "Refund.", desk.Later(TimeSpan.FromMinutes(minutesFromNow)), desk.Now),
            Throws.TypeOf<CaseRuleException>().With.Message.Contains("future"));
    }

    // ---- Keep ----

    [Test]
    public void KeepPromise_ByOwner_MarksItKept()
    {
        var desk = new CaseBuilder();
        var (@case, promise) = desk.WithPromise();

        @case.KeepPromise(Alice, promise.Id, desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(promise.Status, Is.EqualTo(PromiseStatus.Kept));
            Assert.That(promise.IsOutstanding, Is.False);
            Assert.That(promise.SettledAt, Is.EqualTo(desk.Now));
        }
    }

    [Test]
    public void KeepPromise_ByOwner_TellsTheCustomerAndRaisesPromiseKept()
    {
        var desk = new CaseBuilder();
        var (@case, promise) = desk.WithPromise();
        var version = @case.Version;

        @case.KeepPromise(Alice, promise.Id, desk.Now);

        var entry = @case.LastEntry();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(entry.Kind, Is.EqualTo(TimelineKind.PromiseKept));
            Assert.That(entry.ActorName, Is.EqualTo("Alice Moreau"));
            Assert.That(entry.IsPublic, Is.True);
            Assert.That(entry.Text, Does.Contain(promise.Text));
            Assert.That(entry.SubjectId, Is.EqualTo(promise.Id));
            Assert.That(@case.LastEvent(), Is.EqualTo(new PromiseKept(@case.Id, desk.Now, promise.Id)));
            Assert.That(@case.Version, Is.EqualTo(version + 1));
        }
    }

    [TestCaseSource(nameof(NonOwners))]
    public void KeepPromise_ByNonOwner_IsForbidden(Actor someoneElse)
    {
        var desk = new CaseBuilder();
        var (@case, promise) = desk.WithPromise();

        Assert.That(() => @case.KeepPromise(someoneElse, promise.Id, desk.Now),
            Throws.TypeOf<NotAllowedException>().With.Message.Contains("Alice Moreau"));
        Assert.That(promise.IsOutstanding, Is.True);
    }

    [Test]
    public void KeepPromise_ByNewOwnerAfterHandoff_IsAllowedAndOldOwnerIsNot()
    {
        var desk = new CaseBuilder();
        var (@case, promise) = desk.WithPromise();
        var handoff = @case.OfferHandoff(Alice, Ben.Id, null, "Promised a call back by 1 pm.", desk.Now);
        @case.AcceptHandoff(Ben, handoff.Id, desk.Now);

        Assert.That(() => @case.KeepPromise(Alice, promise.Id, desk.Now), Throws.TypeOf<NotAllowedException>().With.Message.Contains("Ben Okafor"));
        @case.KeepPromise(Ben, promise.Id, desk.Now);
        Assert.That(promise.Status, Is.EqualTo(PromiseStatus.Kept));
    }

    [Test]
    public void KeepPromise_Twice_IsRefused()
    {
        var desk = new CaseBuilder();
        var (@case, promise) = desk.WithPromise();
        @case.KeepPromise(Alice, promise.Id, desk.Now);

        Assert.That(() => @case.KeepPromise(Alice, promise.Id, desk.Now),
            Throws.TypeOf<CaseRuleException>().With.Message.Contains("already kept"));
    }

    [Test]
    public void KeepPromise_AlreadyBroken_IsRefused()
    {
        var desk = new CaseBuilder();
        var (@case, promise) = desk.WithPromise();
        @case.BreakPromise(promise.Id, promise.DueAt);

        Assert.That(() => @case.KeepPromise(Alice, promise.Id, promise.DueAt.AddMinutes(5)),
            Throws.TypeOf<CaseRuleException>().With.Message.Contains("already broken"));
        Assert.That(promise.Status, Is.EqualTo(PromiseStatus.Broken));
    }

    [Test]
    public void KeepPromise_AfterRenegotiation_IsAllowed()
    {
        var desk = new CaseBuilder();
        var (@case, promise) = desk.WithPromise();
        @case.RenegotiatePromise(Alice, promise.Id, desk.Later(TimeSpan.FromDays(1)), "Told her the part is delayed.", desk.Now);

        @case.KeepPromise(Alice, promise.Id, desk.Now);

        Assert.That(promise.Status, Is.EqualTo(PromiseStatus.Kept));
    }

    [Test]
    public void KeepPromise_UnknownPromise_IsRefused()
    {
        var desk = new CaseBuilder();
        var (@case, _) = desk.WithPromise();

        Assert.That(() => @case.KeepPromise(Alice, Guid.NewGuid(), desk.Now),
            Throws.TypeOf<NoSuchPartException>().With.Message.Contains("no such promise"));
    }

    // ---- Renegotiate ----

    [Test]
    public void RenegotiatePromise_ByOwner_MovesDueTimeAndRemembersTheOriginal()
    {
        var desk = new CaseBuilder();
        var (@case, promise) = desk.WithPromise();
        var original = promise.DueAt;
        var newDue = desk.Later(TimeSpan.FromDays(1));

        @case.RenegotiatePromise(Alice, promise.Id, newDue, "Told her the part is delayed.", desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(promise.Status, Is.EqualTo(PromiseStatus.Renegotiated));
            Assert.That(promise.IsOutstanding, Is.True, "a renegotiated promise is still owed");
            Assert.That(promise.DueAt, Is.EqualTo(newDue));
            Assert.That(promise.OriginalDueAt, Is.EqualTo(original));
            Assert.That(promise.SettledAt, Is.Null);
        }
    }

    [Test]
    public void RenegotiatePromise_ByOwner_TellsTheCustomerTheNewTimeAndWhy()
    {
        var desk = new CaseBuilder();
        var (@case, promise) = desk.WithPromise();
        var newDue = new DateTimeOffset(2025, 3, 5, 12, 0, 0, TimeSpan.Zero);
        var version = @case.Version;
        var previousDue = promise.DueAt;

        @case.RenegotiatePromise(Alice, promise.Id, newDue, " Told her the part is delayed. ", desk.Now);

        var entry = @case.LastEntry();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(entry.Kind, Is.EqualTo(TimelineKind.PromiseRenegotiated));
            Assert.That(entry.ActorName, Is.EqualTo("Alice Moreau"));
            Assert.That(entry.IsPublic, Is.True);
            Assert.That(entry.Text, Does.Contain("2025-03-05 12:00:00Z").And.Contain("Told her the part is delayed."));
            Assert.That(entry.SubjectId, Is.EqualTo(promise.Id));
            Assert.That(@case.LastEvent(), Is.EqualTo(new PromiseRenegotiated(@case.Id, desk.Now, promise.Id, previousDue, newDue, "Told her the part is delayed.")));
            Assert.That(@case.Version, Is.EqualTo(version + 1));
        }
    }

    [TestCaseSource(nameof(NonOwners))]
    public void RenegotiatePromise_ByNonOwner_IsForbidden(Actor someoneElse)
    {
        var desk = new CaseBuilder();
        var (@case, promise) = desk.WithPromise();

        Assert.That(() => @case.RenegotiatePromise(someoneElse, promise.Id, desk.Later(TimeSpan.FromDays(1)), "Later.", desk.Now),
            Throws.TypeOf<NotAllowedException>().With.Message.Contains("Alice Moreau"));
        Assert.That(promise.Status, Is.EqualTo(PromiseStatus.Open));
    }

    [TestCase(0)]
    [TestCase(-1)]
    public void RenegotiatePromise_NewTimeNotInTheFuture_IsRefused(int minutesFromNow)
    {
        var desk = new CaseBuilder();
        var (@case, promise) = desk.WithPromise();
        var due = promise.DueAt;

        Assert.That(() => @case.RenegotiatePromise(Alice, promise.Id, desk.Later(TimeSpan.FromMinutes(minutesFromNow)), "Sooner.", desk.Now),
            Throws.TypeOf<CaseRuleException>().With.Message.Contains("future"));
        Assert.That(promise.DueAt, Is.EqualTo(due));
    }

    [Test]
    public void RenegotiatePromise_Kept_IsRefused()
    {
        var desk = new CaseBuilder();
        var (@case, promise) = desk.WithPromise();
        @case.KeepPromise(Alice, promise.Id, desk.Now);

        Assert.That(() => @case.RenegotiatePromise(Alice, promise.Id, desk.Later(TimeSpan.FromDays(1)), "Later.", desk.Now),
            Throws.TypeOf<CaseRuleException>().With.Message.Contains("already kept"));
    }

    [Test]
    public void RenegotiatePromise_Broken_IsRefused()
    {
        var desk = new CaseBuilder();
        var (@case, promise) = desk.WithPromise();
        @case.BreakPromise(promise.Id, promise.DueAt);

        Assert.That(() => @case.RenegotiatePromise(Alice, promise.Id, promise.DueAt.AddDays(1), "Sorry.", promise.DueAt.AddMinutes(1)),
            Throws.TypeOf<CaseRuleException>().With.Message.Contains("already broken"));
    }

    [Test]
    public void RenegotiatePromise_Twice_KeepsTheFirstOriginalDueTime()
    {
        var desk = new CaseBuilder();
        var (@case, promise) = desk.WithPromise();
        var original = promise.DueAt;
        @case.RenegotiatePromise(Alice, promise.Id, desk.Later(TimeSpan.FromDays(1)), "Part delayed.", desk.Now);

        @case.RenegotiatePromise(Alice, promise.Id, desk.Later(TimeSpan.FromDays(2)), "Part delayed again.", desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(promise.DueAt, Is.EqualTo(desk.Later(TimeSpan.FromDays(2))));
            Assert.That(promise.OriginalDueAt, Is.EqualTo(original));
        }
    }

    [Test]
    public void RenegotiatePromise_UnknownPromise_IsRefused()
    {
        var desk = new CaseBuilder();
        var (@case, _) = desk.WithPromise();

        Assert.That(() => @case.RenegotiatePromise(Alice, Guid.NewGuid(), desk.Later(TimeSpan.FromDays(1)), "Later.", desk.Now),
            Throws.TypeOf<NoSuchPartException>());
    }

    // ---- Break ----

    [Test]
    public void BreakPromise_AtDueTime_MarksItBroken()
    {
        var desk = new CaseBuilder();
        var (@case, promise) = desk.WithPromise();

        var broken = @case.BreakPromise(promise.Id, promise.DueAt);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(broken, Is.True);
            Assert.That(promise.Status, Is.EqualTo(PromiseStatus.Broken));
            Assert.That(promise.IsOutstanding, Is.False);
            Assert.That(promise.SettledAt, Is.EqualTo(promise.DueAt));
        }
    }

    [Test]
    public void BreakPromise_AtDueTime_RecordsInternalSystemEntryAndRaisesPromiseBroken()
    {
        var desk = new CaseBuilder();
        var (@case, promise) = desk.WithPromise();
        var version = @case.Version;
        desk.Advance(promise.DueAt - desk.Now);

        @case.BreakPromise(promise.Id, desk.Now);

        var entry = @case.LastEntry();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(entry.Kind, Is.EqualTo(TimelineKind.PromiseBroken));
            Assert.That(entry.ActorName, Is.EqualTo("RecoveryDesk"));
            Assert.That(entry.ActorKind, Is.EqualTo(ActorKind.System));
            Assert.That(entry.IsPublic, Is.False);
            Assert.That(entry.Text, Does.Contain(promise.Text));
            Assert.That(entry.SubjectId, Is.EqualTo(promise.Id));
            Assert.That(@case.LastEvent(), Is.EqualTo(new PromiseBroken(@case.Id, desk.Now, promise.Id)));
            Assert.That(@case.Version, Is.EqualTo(version + 1));
        }
    }

    [Test]
    public void BreakPromise_BeforeDueTime_DoesNothing()
    {
        var desk = new CaseBuilder();
        var (@case, promise) = desk.WithPromise();
        var version = @case.Version;
        var entries = @case.Timeline.Count;

        var broken = @case.BreakPromise(promise.Id, promise.DueAt.AddTicks(-1));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(broken, Is.False);
            Assert.That(promise.Status, Is.EqualTo(PromiseStatus.Open));
            Assert.That(@case.Version, Is.EqualTo(version));
            Assert.That(@case.Timeline, Has.Count.EqualTo(entries));
        }
    }

    [Test]
    public void BreakPromise_Kept_DoesNothing()
    {
        var desk = new CaseBuilder();
        var (@case, promise) = desk.WithPromise();
        @case.KeepPromise(Alice, promise.Id, desk.Now);
        var version = @case.Version;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.BreakPromise(promise.Id, promise.DueAt.AddHours(1)), Is.False);
            Assert.That(promise.Status, Is.EqualTo(PromiseStatus.Kept));
            Assert.That(@case.Version, Is.EqualTo(version));
        }
    }

    [Test]
    public void BreakPromise_FiredTwice_DoesNothingTheSecondTime()
    {
        var desk = new CaseBuilder();
        var (@case, promise) = desk.WithPromise();
        @case.BreakPromise(promise.Id, promise.DueAt);
        var version = @case.Version;
        var events = @case.Events.Count;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.BreakPromise(promise.Id, promise.DueAt.AddSeconds(1)), Is.False);
            Assert.That(@case.Version, Is.EqualTo(version));
            Assert.That(@case.Events, Has.Count.EqualTo(events));
        }
    }

    [Test]
    public void BreakPromise_UnknownPromise_DoesNothing()
    {
        var desk = new CaseBuilder();
        var (@case, _) = desk.WithPromise();

        Assert.That(@case.BreakPromise(Guid.NewGuid(), desk.Later(TimeSpan.FromDays(9))), Is.False);
    }

    [Test]
    public void BreakPromise_AfterRenegotiation_WaitsForTheNewDueTime()
    {
        var desk = new CaseBuilder();
        var (@case, promise) = desk.WithPromise(TimeSpan.FromHours(1));
        var original = promise.DueAt;
        var newDue = desk.Later(TimeSpan.FromDays(1));
        @case.RenegotiatePromise(Alice, promise.Id, newDue, "Part delayed.", desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.BreakPromise(promise.Id, original), Is.False, "the original time no longer counts");
            Assert.That(promise.IsOutstanding, Is.True);
            Assert.That(@case.BreakPromise(promise.Id, newDue), Is.True);
            Assert.That(promise.Status, Is.EqualTo(PromiseStatus.Broken));
        }
    }

    [Test]
    public void BreakPromise_AfterResolveSaidItWasKept_DoesNothing()
    {
        var desk = new CaseBuilder();
        var (@case, promise) = desk.WithPromise();
        @case.Resolve(Alice, "Refunded.", [new(promise.Id, Kept: true)], desk.Now);

        Assert.That(@case.BreakPromise(promise.Id, promise.DueAt), Is.False);
        Assert.That(promise.Status, Is.EqualTo(PromiseStatus.Kept));
    }

    [Test]
    public void MakePromise_Several_AreTrackedIndependently()
    {
        var desk = new CaseBuilder();
        var (@case, first) = desk.WithPromise(TimeSpan.FromHours(1));
        var second = @case.MakePromise(Alice, "Send a voucher.", desk.Later(TimeSpan.FromDays(2)), desk.Now);

        @case.BreakPromise(first.Id, first.DueAt);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.Promises, Has.Count.EqualTo(2));
            Assert.That(first.Status, Is.EqualTo(PromiseStatus.Broken));
            Assert.That(second.Status, Is.EqualTo(PromiseStatus.Open));
        }
    }

    // ---- Resolve with promises still owed ----

    [Test]
    public void Resolve_WithAnOpenPromiseNotAccountedFor_IsRefusedAndLeavesItOpen()
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed();
        var promise = @case.MakePromise(Alice, "I will call you back.", desk.Later(TimeSpan.FromHours(2)), desk.Now);

        var refused = Assert.Throws<CaseRuleException>(() => @case.Resolve(Alice, "Refunded.", desk.Now));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(refused.Message, Does.Contain("\"I will call you back.\"").And.Not.Contain(".."));
            Assert.That(@case.Status, Is.EqualTo(CaseStatus.Open));
            Assert.That(promise.Status, Is.EqualTo(PromiseStatus.Open));
        }
    }

    [Test]
    public void Resolve_WithEachPromiseKeptOrBroken_SettlesThemAndTellsTheCustomer()
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed();
        var call = @case.MakePromise(Alice, "I will call you back.", desk.Later(TimeSpan.FromHours(2)), desk.Now);
        var refund = @case.MakePromise(Alice, "Refund by Friday.", desk.Later(TimeSpan.FromHours(4)), desk.Now);

        @case.Resolve(Alice, "Replaced instead.", [new(call.Id, Kept: true), new(refund.Id, Kept: false, " A replacement was sent instead of a refund. ")], desk.Now);

        var broken = @case.Timeline.Single(t => t.Kind == TimelineKind.PromiseBroken);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.Status, Is.EqualTo(CaseStatus.Resolved));
            Assert.That(call.Status, Is.EqualTo(PromiseStatus.Kept));
            Assert.That(refund.Status, Is.EqualTo(PromiseStatus.Broken));
            Assert.That(refund.SettledAt, Is.EqualTo(desk.Now));
            Assert.That(@case.Timeline.Single(t => t.Kind == TimelineKind.PromiseKept).IsPublic, Is.True);
            Assert.That(broken.IsPublic, Is.True, "the customer reads why the promise was not kept");
            Assert.That(broken.ActorName, Is.EqualTo("Alice Moreau"));
            Assert.That(broken.Text, Is.EqualTo("We did not keep our promise \"Refund by Friday.\": A replacement was sent instead of a refund."));
            Assert.That(@case.Events.OfType<PromiseBroken>().Single().PromiseId, Is.EqualTo(refund.Id));
            Assert.That(@case.Events.OfType<PromiseKept>().Single().PromiseId, Is.EqualTo(call.Id));
        }
    }

    [Test]
    public void Resolve_NamingAPromiseOfAnotherCase_IsNoSuchPromise()
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed();

        Assert.Throws<NoSuchPartException>(() => @case.Resolve(Alice, "Refunded.", [new(Guid.NewGuid(), Kept: true)], desk.Now));
        Assert.That(@case.Status, Is.EqualTo(CaseStatus.Open));
    }

    [Test]
    public void Resolve_NamingAPromiseAlreadyKept_IsRefused()
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed();
        var promise = @case.MakePromise(Alice, "I will call you back.", desk.Later(TimeSpan.FromHours(2)), desk.Now);
        @case.KeepPromise(Alice, promise.Id, desk.Now);

        Assert.Throws<CaseRuleException>(() => @case.Resolve(Alice, "Refunded.", [new(promise.Id, Kept: false, "Sorry.")], desk.Now));
        Assert.That(@case.Status, Is.EqualTo(CaseStatus.Open));
    }
}
