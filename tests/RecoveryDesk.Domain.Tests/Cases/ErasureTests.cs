using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Domain.Loyalty;
using RecoveryDesk.Domain.Sla;
using RecoveryDesk.Domain.Staff;
using static RecoveryDesk.Domain.Tests.Cases.CaseBuilder;

namespace RecoveryDesk.Domain.Tests.Cases;

public sealed class ErasureTests
{
    private static readonly Actor Ada = Actor.Staff(Guid.Parse("e5e5e5e5-0000-4000-8000-0000000000e5"), "Ada Nakamura", [], StaffRoles.Admin);

    /// <summary>A whole recovery: the customer wrote, Alice replied, noted, promised and resolved, the customer answered with a comment, and the case closed.</summary>
    private static (Case Case, Feedback Feedback, CaseBuilder Desk) Recovered()
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed();
        @case.ReceiveCustomerMessage("Margaret Hughes here: the vase cost 120 pounds.", desk.Now, SlaTerms.Default(Priority.P2));
        @case.Reply(Alice, "Dear Mrs Hughes, a new vase is on its way.", desk.Now);
        @case.AddNote(Alice, "Mrs Hughes lives at 4 Elm Row; courier to leave it with a neighbour.", desk.Now);
        var promise = @case.MakePromise(Alice, "Call Mrs Hughes on Thursday", desk.Later(TimeSpan.FromDays(2)), desk.Now);
        @case.Resolve(Alice, "Mrs Hughes received the new vase.", [new(promise.Id, Kept: false, "Mrs Hughes asked us not to call.")], desk.Now);
        var receipt = @case.ReceiveFeedback(new LoyaltyAnswers(5, BuyAgain.Yes, 9), "Alice was lovely to Margaret.", desk.Now, SlaTerms.Default(Priority.P2));
        @case.Close(Alice, desk.Now);
        return (@case, receipt.Feedback, desk);
    }

    [Test]
    public void Erase_ByAdmin_LeavesNothingOfTheCustomer_AndKeepsTimesStatesAndScores()
    {
        var (@case, feedback, desk) = Recovered();
        var status = @case.Status;
        var opened = @case.OpenedAt;
        var resolved = @case.ResolvedAt;
        var firstResponse = @case.FirstResponseAt;
        var lastActivity = @case.LastActivityAt;
        var entries = @case.Timeline.Count;

        var erased = @case.Erase(Ada, [], [feedback], desk.Now);

        var texts = @case.Timeline.Select(t => t.Text + " " + t.ActorName)
            .Concat([@case.Subject, @case.Description, @case.ResolutionSummary!, @case.Customer.Name, feedback.Comment ?? string.Empty])
            .Concat(@case.Promises.Select(p => p.Text));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(erased, Is.True);
            Assert.That(@case.IsErased, Is.True);
            Assert.That(@case.Customer, Is.EqualTo(new Customer(Case.ErasedCustomerName, null, null, null)));
            Assert.That(texts, Has.None.Contains("Hughes").And.None.Contains("Margaret").And.None.Contains("Elm Row").And.None.Contains("120 pounds"));
            Assert.That(@case.Timeline.Where(t => t.Kind is TimelineKind.Reply or TimelineKind.Note or TimelineKind.CustomerMessage).Select(t => t.Text), Has.All.EqualTo(Case.ErasedText));
            Assert.That(@case.Status, Is.EqualTo(status));
            Assert.That(new[] { @case.OpenedAt, @case.ResolvedAt, @case.FirstResponseAt, @case.LastActivityAt }, Is.EqualTo(new[] { opened, resolved, firstResponse, lastActivity }));
            Assert.That(feedback.Answers, Is.EqualTo(new LoyaltyAnswers(5, BuyAgain.Yes, 9)));
            Assert.That(feedback.Comment, Is.Null);
            Assert.That(@case.Timeline, Has.Count.EqualTo(entries + 1), "the history keeps every entry, and says the data was erased");
            Assert.That(@case.LastEntry().Kind, Is.EqualTo(TimelineKind.CustomerErased));
            Assert.That(@case.LastEntry().IsPublic, Is.False);
            Assert.That(@case.DequeueEvents().OfType<CustomerErased>(), Has.One.Items);
        }
    }

    [Test]
    public void Erase_AccessCodeOfTheCustomer_NoLongerOpensTheCase()
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed();
        var code = desk.AccessCode;

        @case.Erase(Ada, [], [], desk.Now);

        Assert.That(@case.AccessCodeMatches(code), Is.False);
    }

    [Test]
    public void Erase_Twice_ChangesNothingTheSecondTime()
    {
        var (@case, feedback, desk) = Recovered();
        @case.Erase(Ada, [], [feedback], desk.Now);
        var version = @case.Version;
        var entries = @case.Timeline.Count;

        var again = @case.Erase(Ada, [], [feedback], desk.Later(TimeSpan.FromDays(1)));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(again, Is.False);
            Assert.That(@case.Version, Is.EqualTo(version));
            Assert.That(@case.Timeline, Has.Count.EqualTo(entries));
        }
    }

    [Test]
    public void Erase_ByTheRetentionSetting_IsTheDesksOwnAct()
    {
        var (@case, feedback, desk) = Recovered();

        Assert.That(@case.Erase(TheSystem, [], [feedback], desk.Now), Is.True);
    }

    private static IEnumerable<TestCaseData> NotAdmins()
    {
        yield return new TestCaseData(Alice).SetArgDisplayNames("owner");
        yield return new TestCaseData(Sofia).SetArgDisplayNames("supervisor");
        yield return new TestCaseData(TheCustomer).SetArgDisplayNames("customer");
    }

    [TestCaseSource(nameof(NotAdmins))]
    public void Erase_ByAnyoneButAnAdmin_IsNotAllowed_AndChangesNothing(Actor actor)
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed();
        var version = @case.Version;

        Assert.Throws<NotAllowedException>(() => @case.Erase(actor, [], [], desk.Now));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.Version, Is.EqualTo(version));
            Assert.That(@case.Customer, Is.EqualTo(MrsHughes));
        }
    }

    [Test]
    public void Erase_DeskWordedEntries_KeepTheirText()
    {
        var desk = new CaseBuilder();
        var @case = desk.Claimed();
        var claimed = @case.Timeline.Single(t => t.Kind == TimelineKind.Claimed).Text;

        @case.Erase(Ada, [], [], desk.Now);

        Assert.That(@case.Timeline.Single(t => t.Kind == TimelineKind.Claimed).Text, Is.EqualTo(claimed));
    }
}
