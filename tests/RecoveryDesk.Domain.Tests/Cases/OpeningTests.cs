using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Domain.Staff;
using static RecoveryDesk.Domain.Tests.Cases.CaseBuilder;

namespace RecoveryDesk.Domain.Tests.Cases;

public sealed class OpeningTests
{
    private static Case OpenBy(CaseBuilder desk, Actor openedBy, Guid? team = null, string? category = "Delivery") =>
        Case.Open(openedBy, MrsHughes, "Parcel arrived damaged", "The vase was broken.", Channel.Email, category, Priority.P1, team ?? TeamA, desk.Now, out _);

    [Test]
    public void Open_ByStaff_PutsCaseInTeamQueueWithoutOwner()
    {
        var desk = new CaseBuilder();

        var @case = OpenBy(desk, Alice);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.Status, Is.EqualTo(CaseStatus.New));
            Assert.That(@case.TeamId, Is.EqualTo(TeamA));
            Assert.That(@case.OwnerId, Is.Null);
            Assert.That(@case.OwnerName, Is.Null);
            Assert.That(@case.ClaimedAt, Is.Null);
            Assert.That(@case.IsActive, Is.False);
            Assert.That(@case.PendingHandoff, Is.Null);
        }
    }

    [Test]
    public void Open_ByStaff_KeepsComplaintDetailsTidied()
    {
        var desk = new CaseBuilder();

        var @case = Case.Open(Alice, MrsHughes, "  Parcel arrived damaged ", "\tThe vase was broken.  ", Channel.InPerson, "  Delivery  ", Priority.P3, TeamA, desk.Now, out _);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.Subject, Is.EqualTo("Parcel arrived damaged"));
            Assert.That(@case.Description, Is.EqualTo("The vase was broken."));
            Assert.That(@case.Category, Is.EqualTo("Delivery"));
            Assert.That(@case.Channel, Is.EqualTo(Channel.InPerson));
            Assert.That(@case.Priority, Is.EqualTo(Priority.P3));
            Assert.That(@case.Customer, Is.EqualTo(MrsHughes));
        }
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public void Open_WithBlankCategory_HasNoCategory(string? category)
    {
        var desk = new CaseBuilder();

        var @case = OpenBy(desk, Alice, category: category);

        Assert.That(@case.Category, Is.Null);
    }

    [Test]
    public void Open_ByStaff_StartsAtVersionOneWithOpeningTime()
    {
        var desk = new CaseBuilder();

        var @case = OpenBy(desk, Alice);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.Version, Is.EqualTo(1));
            Assert.That(@case.OpenedAt, Is.EqualTo(Start));
            Assert.That(@case.LastActivityAt, Is.EqualTo(Start));
            Assert.That(@case.FirstResponseAt, Is.Null);
            Assert.That(@case.ResolvedAt, Is.Null);
            Assert.That(@case.ClosedAt, Is.Null);
            Assert.That(@case.ReopenCount, Is.Zero);
        }
    }

    [Test]
    public void Open_ByStaff_TellsCustomerTheComplaintWasReceived()
    {
        var desk = new CaseBuilder();

        var @case = OpenBy(desk, Alice);

        Assert.That(@case.Timeline, Has.Count.EqualTo(1));
        var entry = @case.Timeline[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(entry.Kind, Is.EqualTo(TimelineKind.Opened));
            Assert.That(entry.ActorName, Is.EqualTo("Alice Moreau"));
            Assert.That(entry.ActorId, Is.EqualTo(Alice.Id));
            Assert.That(entry.IsPublic, Is.True);
            Assert.That(entry.Text, Is.EqualTo("We received your complaint."));
            Assert.That(entry.At, Is.EqualTo(Start));
            Assert.That(entry.CaseId, Is.EqualTo(@case.Id));
            Assert.That(entry.CaseVersion, Is.EqualTo(1));
        }
    }

    [Test]
    public void Open_ByStaff_RaisesCaseOpenedForTheTeamQueue()
    {
        var desk = new CaseBuilder();

        var @case = OpenBy(desk, Alice, team: TeamB);

        Assert.That(@case.Events, Is.EqualTo(new CaseEvent[] { new CaseOpened(@case.Id, Start, TeamB, Priority.P1) }));
        Assert.That(@case.Events[0].Name, Is.EqualTo("CaseOpened"));
    }

    [Test]
    public void Open_BySystem_IsAllowedForFollowUpCases()
    {
        var desk = new CaseBuilder();

        var @case = OpenBy(desk, TheSystem);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.Status, Is.EqualTo(CaseStatus.New));
            Assert.That(@case.Timeline[0].ActorName, Is.EqualTo("RecoveryDesk"));
            Assert.That(@case.Timeline[0].ActorKind, Is.EqualTo(ActorKind.System));
        }
    }

    [Test]
    public void OpenFromWebForm_ByTheCustomer_IsAWebCaseInTheQueueThatSaysTheCustomerSentIt()
    {
        var desk = new CaseBuilder();

        var @case = Case.OpenFromWebForm(MrsHughes, " Parcel arrived damaged ", "The vase was broken.", Priority.P3, TeamA, desk.Now, out var accessCode);

        var entry = @case.Timeline.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(@case.Channel, Is.EqualTo(Channel.Web));
            Assert.That(@case.Status, Is.EqualTo(CaseStatus.New));
            Assert.That(@case.TeamId, Is.EqualTo(TeamA));
            Assert.That(@case.OwnerId, Is.Null);
            Assert.That(@case.Subject, Is.EqualTo("Parcel arrived damaged"));
            Assert.That(@case.AccessCodeMatches(accessCode), Is.True);
            Assert.That(entry.Kind, Is.EqualTo(TimelineKind.Opened));
            Assert.That(entry.ActorKind, Is.EqualTo(ActorKind.Customer));
            Assert.That(entry.ActorName, Is.EqualTo(MrsHughes.Name));
            Assert.That(entry.Text, Is.EqualTo("You sent us this complaint through our web form."));
            Assert.That(entry.IsPublic, Is.True);
            Assert.That(@case.Events.Single(), Is.TypeOf<CaseOpened>());
        }
    }

    [Test]
    public void Open_ByCustomer_IsForbidden()
    {
        var desk = new CaseBuilder();

        Assert.That(() => OpenBy(desk, TheCustomer), Throws.TypeOf<NotAllowedException>().With.Message.Contains("customers"));
    }

    [Test]
    public void Open_WithoutTeam_IsRefused()
    {
        var desk = new CaseBuilder();

        Assert.That(() => OpenBy(desk, Alice, team: Guid.Empty), Throws.TypeOf<CaseRuleException>().With.Message.Contains("team"));
    }

    [Test]
    public void Open_TwoComplaints_GetTheirOwnIdentity()
    {
        var desk = new CaseBuilder();

        var first = Case.Open(Alice, MrsHughes, "One", "First complaint.", Channel.Web, null, Priority.P4, TeamA, desk.Now, out var firstCode);
        var second = Case.Open(Alice, MrsHughes, "Two", "Second complaint.", Channel.Web, null, Priority.P4, TeamA, desk.Now, out var secondCode);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(second.Id, Is.Not.EqualTo(first.Id));
            Assert.That(second.Reference, Is.Not.EqualTo(first.Reference));
            Assert.That(secondCode, Is.Not.EqualTo(firstCode));
            Assert.That(second.AccessCodeHash, Is.Not.EqualTo(first.AccessCodeHash));
        }
    }

    [Test]
    public void DequeueEvents_AfterOpen_HandsEachEventOverOnce()
    {
        var desk = new CaseBuilder();
        var @case = OpenBy(desk, Alice);

        var first = @case.DequeueEvents();
        var second = @case.DequeueEvents();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first, Has.Count.EqualTo(1));
            Assert.That(first[0], Is.TypeOf<CaseOpened>());
            Assert.That(second, Is.Empty);
            Assert.That(@case.Events, Is.Empty);
            Assert.That(@case.Timeline, Has.Count.EqualTo(1), "dequeuing events must not touch the timeline");
        }
    }

    [Test]
    public void Customer_WithOnlyPhone_IsAccepted()
    {
        var customer = new Customer(" Margaret Hughes ", null, " 020 7946 0000 ", "");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(customer.Name, Is.EqualTo("Margaret Hughes"));
            Assert.That(customer.Email, Is.Null);
            Assert.That(customer.Phone, Is.EqualTo("020 7946 0000"));
            Assert.That(customer.PreferredAddress, Is.Null, "no preference means title and surname");
        }
    }

    [Test]
    public void Customer_WithPreferredAddress_KeepsHowTheyWishToBeAddressed()
    {
        var customer = new Customer("Margaret Hughes", "m.hughes@example.com", null, " Maggie ");

        Assert.That(customer.PreferredAddress, Is.EqualTo("Maggie"));
    }

    [Test]
    public void Customer_AddressAs_IsTheirPreference_ElseTheirName()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(new Customer("Margaret Hughes", null, "020 7946 0000", " Maggie ").AddressAs, Is.EqualTo("Maggie"));
            Assert.That(new Customer(" Margaret Hughes ", null, "020 7946 0000", " ").AddressAs, Is.EqualTo("Margaret Hughes"));
        }
    }
}
