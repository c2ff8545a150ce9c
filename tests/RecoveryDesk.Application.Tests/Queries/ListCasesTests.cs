using Mediator;
using RecoveryDesk.Application.Cases;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Tests.Support;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Tests.Queries;

/// <summary>
/// The list's filters, search and paging, read-only over one desk for the whole fixture: five cases,
/// each touched last at a different minute, so that newest activity first reads: rude courier
/// (resolved by Ben), invoice (Chloe's), refund (Alice's), tariff (new, Billing), parcel (new, Front Line).
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class ListCasesTests(DatabaseProvider provider)
{
    private DeskHarness? _desk;
    private FiveCases _cases = null!;

    private DeskHarness Desk => _desk!;

    [OneTimeSetUp]
    public async Task OpenCasesAsync()
    {
        _desk = await DeskHarness.StartAsync(provider: provider);
        _cases = await FiveCases.OpenAsync(_desk);
    }

    [OneTimeTearDown]
    public async Task StopDeskAsync()
    {
        if (_desk is not null)
        {
            await _desk.DisposeAsync();
        }
    }

    [Test]
    public async Task List_NoFilter_ShowsAllNewestActivityFirst()
    {
        var page = await ListAsync(new ListCasesQuery(Desk.Sofia.Id));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(page.Items.Select(c => c.Id), Is.EqualTo(new[] { _cases.Courier, _cases.Invoice, _cases.Refund, _cases.Tariff, _cases.Parcel }));
            Assert.That(page.Total, Is.EqualTo(5));
            Assert.That(page.Page, Is.EqualTo(1));
            Assert.That(page.PageSize, Is.EqualTo(25));
            Assert.That(page.Items.Select(c => c.LastActivityAt), Is.Ordered.Descending);
        }
    }

    [TestCase(CaseStatus.New, "tariff,parcel")]
    [TestCase(CaseStatus.Open, "invoice,refund")]
    [TestCase(CaseStatus.Resolved, "courier")]
    [TestCase(CaseStatus.Closed, "")]
    public async Task List_ByStatus_ShowsOnlyThatStatus(CaseStatus status, string expected)
    {
        var page = await ListAsync(new ListCasesQuery(Desk.Sofia.Id, Status: status));

        AssertNames(page, expected);
    }

    [Test]
    public async Task List_ByTeam_ShowsOnlyThatTeamsCases()
    {
        AssertNames(await ListAsync(new ListCasesQuery(Desk.Sofia.Id, TeamId: Desk.Billing)), "invoice,tariff");
        AssertNames(await ListAsync(new ListCasesQuery(Desk.Sofia.Id, TeamId: Desk.FrontLine)), "courier,refund,parcel");
    }

    [Test]
    public async Task List_ByOwner_ShowsOnlyTheirCases()
    {
        AssertNames(await ListAsync(new ListCasesQuery(Desk.Sofia.Id, OwnerId: Desk.Ben.Id)), "courier");
        AssertNames(await ListAsync(new ListCasesQuery(Desk.Sofia.Id, OwnerId: Desk.Dan.Id)), string.Empty);
    }

    [Test]
    public async Task List_ByPriority_ShowsOnlyThatPriority()
    {
        AssertNames(await ListAsync(new ListCasesQuery(Desk.Sofia.Id, Priority: Priority.P2)), "tariff,parcel");
        AssertNames(await ListAsync(new ListCasesQuery(Desk.Sofia.Id, Priority: Priority.P1)), "refund");
    }

    [Test]
    public async Task List_ByStatusAndTeam_CombinesFilters()
    {
        AssertNames(await ListAsync(new ListCasesQuery(Desk.Sofia.Id, Status: CaseStatus.New, TeamId: Desk.FrontLine)), "parcel");
    }

    [TestCase("tariff", "tariff")]
    [TestCase("charged", "invoice")]
    [TestCase("Hughes", "tariff,parcel")]
    [TestCase("Ada Love", "invoice")]
    [TestCase("  Refund  ", "refund")]
    [TestCase("nothing like this", "")]
    public async Task List_ByText_FindsSubjectOrCustomerName(string q, string expected)
    {
        AssertNames(await ListAsync(new ListCasesQuery(Desk.Sofia.Id, Q: q)), expected);
    }

    [Test]
    public async Task List_ByReference_FindsThatCaseHoweverItIsTyped()
    {
        var compact = _cases.InvoiceReference["RD-".Length..];

        AssertNames(await ListAsync(new ListCasesQuery(Desk.Sofia.Id, Q: _cases.InvoiceReference)), "invoice");
        AssertNames(await ListAsync(new ListCasesQuery(Desk.Sofia.Id, Q: _cases.InvoiceReference.ToLowerInvariant())), "invoice");
        AssertNames(await ListAsync(new ListCasesQuery(Desk.Sofia.Id, Q: compact)), "invoice");
    }

    [Test]
    public async Task List_ByTextInOtherLetterCase_StillFindsIt()
    {
        // An agent types what the customer says; "hughes" must find Mrs Hughes, on every database (PostgreSQL's LIKE minds case).
        AssertNames(await ListAsync(new ListCasesQuery(Desk.Sofia.Id, Q: "hughes")), "tariff,parcel");
        AssertNames(await ListAsync(new ListCasesQuery(Desk.Sofia.Id, Q: "REFUND")), "refund");
    }

    [Test]
    public async Task List_InPages_SplitsInOrderAndCountsAll()
    {
        var first = await ListAsync(new ListCasesQuery(Desk.Sofia.Id, PageSize: 2));
        var second = await ListAsync(new ListCasesQuery(Desk.Sofia.Id, Page: 2, PageSize: 2));
        var third = await ListAsync(new ListCasesQuery(Desk.Sofia.Id, Page: 3, PageSize: 2));
        var beyond = await ListAsync(new ListCasesQuery(Desk.Sofia.Id, Page: 4, PageSize: 2));

        using (Assert.EnterMultipleScope())
        {
            AssertNames(first, "courier,invoice");
            AssertNames(second, "refund,tariff");
            AssertNames(third, "parcel");
            AssertNames(beyond, string.Empty);
            Assert.That(new[] { first.Total, second.Total, third.Total, beyond.Total }, Is.All.EqualTo(5));
            Assert.That(second.Page, Is.EqualTo(2));
            Assert.That(second.PageSize, Is.EqualTo(2));
        }
    }

    [Test]
    public async Task List_FilteredInPages_CountsOnlyMatches()
    {
        var page = await ListAsync(new ListCasesQuery(Desk.Sofia.Id, TeamId: Desk.FrontLine, PageSize: 1, Page: 2));

        using (Assert.EnterMultipleScope())
        {
            AssertNames(page, "refund");
            Assert.That(page.Total, Is.EqualTo(3));
        }
    }

    private Task<Paged<CaseSummary>> ListAsync(ListCasesQuery query) => Desk.SendAsync(query);

    private void AssertNames(Paged<CaseSummary> page, string expected) => _cases.AssertNames(page, expected);
}

/// <summary>How the list follows changes; each test gets its own desk and the same five cases.</summary>
public sealed class ListCasesAfterChangeTests : DeskFixture
{
    private FiveCases _cases = null!;

    [SetUp]
    public async Task OpenCasesAsync() => _cases = await FiveCases.OpenAsync(Desk);

    [Test]
    public async Task List_AfterActivityOnOldestCase_MovesItToTop()
    {
        Desk.Clock.Advance(TimeSpan.FromMinutes(1));
        await Desk.SendAsync(new AddNoteCommand(Desk.Alice.Id, _cases.Parcel, "Called the courier."));

        var page = await Desk.SendAsync(new ListCasesQuery(Desk.Sofia.Id));

        Assert.That(page.Items.Select(c => c.Id), Is.EqualTo(new[] { _cases.Parcel, _cases.Courier, _cases.Invoice, _cases.Refund, _cases.Tariff }));
    }

    [Test]
    public async Task List_Row_CarriesWhatTheListShows()
    {
        await Desk.OfferAsync(_cases.Refund, Desk.Alice, toAgent: Desk.Ben);

        var row = (await Desk.SendAsync(new ListCasesQuery(Desk.Sofia.Id, OwnerId: Desk.Alice.Id))).Items.Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(row.Id, Is.EqualTo(_cases.Refund));
            Assert.That(row.Subject, Is.EqualTo("Refund not received"));
            Assert.That(row.CustomerName, Is.EqualTo("Tom Baker"));
            Assert.That(row.Status, Is.EqualTo(CaseStatus.Open));
            Assert.That(row.Priority, Is.EqualTo(Priority.P1));
            Assert.That(row.TeamId, Is.EqualTo(Desk.FrontLine));
            Assert.That(row.TeamName, Is.EqualTo("Front Line"));
            Assert.That(row.OwnerName, Is.EqualTo("Alice Moreau"));
            Assert.That(row.HasPendingHandoff, Is.True);
            Assert.That(row.Version, Is.EqualTo(3));
            Assert.That(row.Reference, Does.Match("^RD-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{6}$"));
        }
    }
}

/// <summary>The five cases both list fixtures read.</summary>
public sealed record FiveCases(Guid Parcel, Guid Refund, Guid Invoice, Guid Tariff, Guid Courier, string InvoiceReference)
{
    public static async Task<FiveCases> OpenAsync(DeskHarness desk)
    {
        var parcel = await OpenAsync(desk, desk.Alice, desk.FrontLine, "Parcel arrived damaged", "Margaret Hughes", Priority.P2);
        var refund = await OpenAsync(desk, desk.Alice, desk.FrontLine, "Refund not received", "Tom Baker", Priority.P1);
        var invoice = await OpenAsync(desk, desk.Chloe, desk.Billing, "Double charged on invoice", "Ada Lovelace", Priority.P3);
        var tariff = await OpenAsync(desk, desk.Chloe, desk.Billing, "Wrong tariff", "Margaret Hughes", Priority.P2);
        var courier = await OpenAsync(desk, desk.Ben, desk.FrontLine, "Rude courier", "Grace Hopper", Priority.P4);
        await ThenAsync(desk, new ClaimCaseCommand(desk.Alice.Id, refund));
        await ThenAsync(desk, new ClaimCaseCommand(desk.Chloe.Id, invoice));
        await ThenAsync(desk, new ClaimCaseCommand(desk.Ben.Id, courier));
        await ThenAsync(desk, new ResolveCaseCommand(desk.Ben.Id, courier, "Apologised; courier retrained."));
        var reference = (await desk.StoredCaseAsync(invoice)).Reference;
        return new FiveCases(parcel, refund, invoice, tariff, courier, reference);
    }

    /// <summary>Compares the page's rows, in order, with names like "tariff,parcel".</summary>
    public void AssertNames(Paged<CaseSummary> page, string expected)
    {
        var names = new Dictionary<Guid, string>
        {
            [Parcel] = "parcel",
            [Refund] = "refund",
            [Invoice] = "invoice",
            [Tariff] = "tariff",
            [Courier] = "courier",
        };
        Assert.That(string.Join(",", page.Items.Select(c => names[c.Id])), Is.EqualTo(expected));
    }

    private static async Task<Guid> OpenAsync(DeskHarness desk, Person by, Guid team, string subject, string customer, Priority priority)
    {
        desk.Clock.Advance(TimeSpan.FromMinutes(1));
        return (await desk.OpenCaseAsync(by, team, subject, customer, priority)).Id;
    }

    private static async Task ThenAsync(DeskHarness desk, ICommand<CaseWritten> command)
    {
        desk.Clock.Advance(TimeSpan.FromMinutes(1));
        await desk.SendAsync(command);
    }
}
