using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Domain.Staff;
using static RecoveryDesk.Domain.Tests.Cases.CaseBuilder;

namespace RecoveryDesk.Domain.Tests.Cases;

public sealed class ConversationTests
{
    private static IEnumerable<TestCaseData> NonOwners()
    {
        yield return new TestCaseData(Ben).SetArgDisplayNames("colleague in the team");
        yield return new TestCaseData(Chloe).SetArgDisplayNames("agent of another team");
        yield return new TestCaseData(Sofia).SetArgDisplayNames("supervisor");
        yield return new TestCaseData(TheCustomer).SetArgDisplayNames("customer");
        yield return new TestCaseData(TheSystem).SetArgDisplayNames("system");
    }

    private static IEnumerable<TestCaseData> StaffAndSystem()
    {
        yield return new TestCaseData(Alice).SetArgDisplayNames("owner");
        yield return new TestCaseData(Ben).SetArgDisplayNames("colleague");
        yield return new TestCaseData(Chloe).SetArgDisplayNames("agent of another team");
        yield return new TestCaseData(Sofia).SetArgDisplayNames("supervisor");
        yield return new TestCaseData(TheSystem).SetArgDisplayNames("system");
    }

    // ---- Reply ----

    [Test]
    public void Reply_ByOwner_IsShownToTheCustomer()
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed();

        @case.Reply(Alice, "  Dear Mrs Hughes, a new vase is on its way. ", desk.Now);

        var entry = @case.LastEntry();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(entry.Kind, Is.EqualTo(TimelineKind.Reply));
            Assert.That(entry.ActorName, Is.EqualTo("Alice Moreau"));
            Assert.That(entry.IsPublic, Is.True);
            Assert.That(entry.Text, Is.EqualTo("Dear Mrs Hughes, a new vase is on its way."));
            Assert.That(entry.At, Is.EqualTo(desk.Now));
        }
    }

    [Test]
    public void Reply_First_MeetsTheFirstResponseTarget()
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed();
        var version = @case.Version;

        @case.Reply(Alice, "We are on it.", desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.FirstResponseAt, Is.EqualTo(desk.Now));
            Assert.That(@case.LastEvent(), Is.EqualTo(new ReplySent(@case.Id, desk.Now, Alice.Id!.Value, true)));
            Assert.That(@case.Version, Is.EqualTo(version + 1));
            Assert.That(@case.LastActivityAt, Is.EqualTo(desk.Now));
        }
    }

    [Test]
    public void Reply_Second_KeepsTheFirstResponseTime()
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed();
        var firstAt = desk.Now;
        @case.Reply(Alice, "We are on it.", firstAt);
        desk.Advance(TimeSpan.FromHours(1));

        @case.Reply(Alice, "Update: the courier collects tomorrow.", desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.FirstResponseAt, Is.EqualTo(firstAt));
            Assert.That(@case.LastEvent(), Is.EqualTo(new ReplySent(@case.Id, desk.Now, Alice.Id!.Value, false)));
        }
    }

    [Test]
    public void Reply_ByNewOwnerAfterHandoff_IsNotAFirstResponseAgain()
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed();
        var firstAt = desk.Now;
        @case.Reply(Alice, "We are on it.", firstAt);
        var handoff = @case.OfferHandoff(Alice, Ben.Id, null, "Over to you.", desk.Now);
        @case.AcceptHandoff(Ben, handoff.Id, desk.Now);
        desk.Advance(TimeSpan.FromMinutes(5));

        @case.Reply(Ben, "I am taking over.", desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.FirstResponseAt, Is.EqualTo(firstAt));
            Assert.That(((ReplySent)@case.LastEvent()).FirstResponse, Is.False);
        }
    }

    [TestCaseSource(nameof(NonOwners))]
    public void Reply_ByNonOwner_IsForbiddenNamingTheOwner(Actor someoneElse)
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed();

        Assert.That(() => @case.Reply(someoneElse, "Hello.", desk.Now),
            Throws.TypeOf<NotAllowedException>().With.Message.Contains("Only the owner, Alice Moreau,"));
        Assert.That(@case.FirstResponseAt, Is.Null);
    }

    [Test]
    public void Reply_OnNewCase_IsForbiddenUntilClaimed()
    {
        var desk = new CaseBuilder();
        var @case = desk.Opened();

        Assert.That(() => @case.Reply(Alice, "Hello.", desk.Now),
            Throws.TypeOf<NotAllowedException>().With.Message.Contains("claim the case first"));
    }

    [Test]
    public void Reply_OnClosedCase_IsRefused()
    {
        var desk = new CaseBuilder();
        var @case = desk.Closed();

        Assert.That(() => @case.Reply(Alice, "Hello.", desk.Now),
            Throws.TypeOf<CaseRuleException>().With.Message.Contains("reopen it first"));
    }

    [TestCase(CaseStatus.WaitingOnCustomer)]
    [TestCase(CaseStatus.Resolved)]
    public void Reply_ByOwnerOnClaimedCaseNotClosed_IsSent(CaseStatus status)
    {
        var desk = new CaseBuilder();
        var @case = desk.InStatus(status);

        @case.Reply(Alice, "A quick word.", desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.LastEntry().Kind, Is.EqualTo(TimelineKind.Reply));
            Assert.That(@case.Status, Is.EqualTo(status), "a reply does not change where the case is");
        }
    }

    // ---- Note ----

    [TestCaseSource(nameof(StaffAndSystem))]
    public void AddNote_ByStaffOrSystem_IsRecordedInternally(Actor writer)
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed();
        var version = @case.Version;

        @case.AddNote(writer, "  Customer sounded upset; handle with care. ", desk.Now);

        var entry = @case.LastEntry();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(entry.Kind, Is.EqualTo(TimelineKind.Note));
            Assert.That(entry.ActorName, Is.EqualTo(writer.Name));
            Assert.That(entry.IsPublic, Is.False, "internal notes are never shown to the customer");
            Assert.That(entry.Text, Is.EqualTo("Customer sounded upset; handle with care."));
            Assert.That(@case.LastEvent(), Is.EqualTo(new NoteAdded(@case.Id, desk.Now, writer.Id)));
            Assert.That(@case.Version, Is.EqualTo(version + 1));
        }
    }

    [Test]
    public void AddNote_ByCustomer_IsForbidden()
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed();

        Assert.That(() => @case.AddNote(TheCustomer, "Let me see the notes.", desk.Now),
            Throws.TypeOf<NotAllowedException>().With.Message.Contains("staff"));
        Assert.That(@case.Timeline.Count(e => e.Kind == TimelineKind.Note), Is.Zero);
    }

    [Test]
    public void AddNote_ByOwner_DoesNotCountAsFirstResponse()
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed();

        @case.AddNote(Alice, "Called the courier.", desk.Now);

        Assert.That(@case.FirstResponseAt, Is.Null);
    }

    [TestCase(CaseStatus.New)]
    [TestCase(CaseStatus.Closed)]
    public void AddNote_OnUnownedOrClosedCase_IsRecorded(CaseStatus status)
    {
        var desk = new CaseBuilder();
        var @case = desk.InStatus(status);

        @case.AddNote(Ben, "For the record.", desk.Now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.LastEntry().Kind, Is.EqualTo(TimelineKind.Note));
            Assert.That(@case.Status, Is.EqualTo(status));
        }
    }
}
