using System.Net;
using System.Net.Http.Json;
using RecoveryDesk.Web.Tests.Support;

namespace RecoveryDesk.Web.Tests.Api;

/// <summary>
/// Who calls. Ava owns every staged case; while she has offered it to Ben she is also the sender
/// (the sender stays the owner until someone accepts), so Sender rows run on a case with an offer
/// pending and Owner rows on one without. A resolved case cannot have an offer pending, so there
/// Recipient and Sender are simply Ben and Ava.
/// </summary>
public enum Caller
{
    Anonymous,
    Owner,
    TeamMember,
    OtherTeam,
    Recipient,
    Sender,
    Supervisor,
    Admin,
    BillingMember,
}

/// <summary>One request of the contract, as a client would send it.</summary>
public sealed record RouteCall(HttpMethod Method, string Path, object? Body = null)
{
    public HttpRequestMessage ToRequest() =>
        new(Method, Path) { Content = Body is null ? null : JsonContent.Create(Body) };
}

/// <summary>A write route on a case and the status it answers when the write goes through.</summary>
public sealed record CaseRoute(string Name, HttpStatusCode Success, Func<StagedCase, DeskApp, RouteCall> Call)
{
    public override string ToString() => Name;
}

/// <summary>An admin route, prepared against the colleague it acts on.</summary>
public sealed record AdminRoute(string Name, HttpStatusCode Success, Func<DeskApp, Guid, RouteCall> Prepare)
{
    public override string ToString() => Name;
}

/// <summary>Every staff write route of the contract against every kind of caller, each on its own fresh case.</summary>
public sealed class AuthorizationTests : ApiFixture
{
    private const HttpStatusCode Ok = HttpStatusCode.OK;
    private const HttpStatusCode Created = HttpStatusCode.Created;
    private const HttpStatusCode NoContent = HttpStatusCode.NoContent;
    private const HttpStatusCode Unauthorized = HttpStatusCode.Unauthorized;
    private const HttpStatusCode Forbidden = HttpStatusCode.Forbidden;
    private const HttpStatusCode Conflict = HttpStatusCode.Conflict;

    private static readonly CaseRoute Claim = new("Claim", Ok, (c, _) => Post($"/api/cases/{c.Id}/claim"));
    private static readonly CaseRoute Offer = new("OfferHandoff", Created, (c, app) =>
        Post($"/api/cases/{c.Id}/handoffs", new { toAgentId = app.StaffIds["dan"], note = "The refund part is yours; she was told Friday." }));
    private static readonly CaseRoute Accept = new("AcceptHandoff", Ok, (c, _) => Post($"/api/cases/{c.Id}/handoffs/{c.HandoffId}/accept"));
    private static readonly CaseRoute Decline = new("DeclineHandoff", Ok, (c, _) =>
        Post($"/api/cases/{c.Id}/handoffs/{c.HandoffId}/decline", new { reason = "I am off from tomorrow." }));
    private static readonly CaseRoute Cancel = new("CancelHandoff", Ok, (c, _) => Post($"/api/cases/{c.Id}/handoffs/{c.HandoffId}/cancel"));
    private static readonly CaseRoute Reassign = new("Reassign", Ok, (c, app) =>
        Post($"/api/cases/{c.Id}/reassign", new { toAgentId = app.StaffIds["cara"], reason = "Ava is off sick." }));
    private static readonly CaseRoute Reply = new("Reply", Ok, (c, _) => Post($"/api/cases/{c.Id}/replies", new { text = "We are on it." }));
    private static readonly CaseRoute Note = new("AddNote", Ok, (c, _) => Post($"/api/cases/{c.Id}/notes", new { text = "Courier says the box was dropped." }));
    private static readonly CaseRoute MakePromise = new("MakePromise", Created, (c, app) =>
        Post($"/api/cases/{c.Id}/promises", new { text = "I will call you on Thursday.", dueAt = app.Clock.GetUtcNow().AddDays(2) }));
    private static readonly CaseRoute KeepPromise = new("KeepPromise", Ok, (c, _) => Post($"/api/cases/{c.Id}/promises/{c.PromiseId}/kept"));
    private static readonly CaseRoute Renegotiate = new("RenegotiatePromise", Ok, (c, app) =>
        Post($"/api/cases/{c.Id}/promises/{c.PromiseId}/renegotiate", new { newDueAt = app.Clock.GetUtcNow().AddDays(4), note = "Told her the courier is late." }));
    private static readonly CaseRoute Wait = new("WaitOnCustomer", Ok, (c, _) => Post($"/api/cases/{c.Id}/wait-on-customer"));
    private static readonly CaseRoute Resume = new("Resume", Ok, (c, _) => Post($"/api/cases/{c.Id}/resume"));
    private static readonly CaseRoute Resolve = new("Resolve", Ok, (c, _) => Post($"/api/cases/{c.Id}/resolve", new { summary = "Replaced and refunded." }));
    private static readonly CaseRoute Reopen = new("Reopen", Ok, (c, _) => Post($"/api/cases/{c.Id}/reopen", new { reason = "The replacement broke too." }));
    private static readonly CaseRoute Close = new("Close", Ok, (c, _) => Post($"/api/cases/{c.Id}/close"));

    // Not in API.md's table yet, but a staff write on a case all the same (CaseEndpoints: owner or supervisor).
    private static readonly CaseRoute ChangePriority = new("ChangePriority", Ok, (c, _) => Post($"/api/cases/{c.Id}/priority", new { priority = "P1" }));

    private static readonly AdminRoute CreateStaff = new("CreateStaff", Created, (app, _) => Post("/api/staff", new
    {
        email = $"new-{Guid.NewGuid():N}@test.example",
        displayName = "Nina Newcomer",
        password = DeskApp.Password,
        roles = new[] { "Agent" },
        teamIds = new[] { app.TeamIds["Front Line"] },
    }));
    private static readonly AdminRoute Deactivate = new("DeactivateStaff", Ok, (_, target) => Post($"/api/staff/{target}/deactivate"));
    private static readonly AdminRoute CreateTeam = new("CreateTeam", Created, (_, _) => Post("/api/teams", new { name = $"Returns {Guid.NewGuid():N}" }));
    private static readonly AdminRoute AddMember = new("AddTeamMember", NoContent, (app, target) =>
        new RouteCall(HttpMethod.Put, $"/api/teams/{app.TeamIds["Billing"]}/members/{target}"));
    private static readonly AdminRoute RemoveMember = new("RemoveTeamMember", NoContent, (app, target) =>
        new RouteCall(HttpMethod.Delete, $"/api/teams/{app.TeamIds["Front Line"]}/members/{target}"));

    private Guid? _bystander;

    [TestCaseSource(nameof(CaseWrites))]
    public async Task CaseWrite_ByCaller_AnswersAsTheOwnershipRulesSay(CaseRoute route, Caller caller, Stage stage, HttpStatusCode expected)
    {
        var staged = await StageAsync(stage);
        var before = await CaseTextAsync(staged.Id);

        using var request = route.Call(staged, App).ToRequest();
        var client = await ClientAsync(caller);
        using var response = await client.SendAsync(request);

        if (expected == route.Success)
        {
            Assert.That(response.StatusCode, Is.EqualTo(expected), await response.Content.ReadAsStringAsync());
            var version = await response.WrittenVersionAsync();
            using (Assert.EnterMultipleScope())
            {
                // Usually one more; a write that also moves the case onto other SLA terms records that too.
                Assert.That(version, Is.GreaterThan(staged.Version));
                Assert.That((await CaseAsync(staged.Id)).GetProperty("version").GetInt32(), Is.EqualTo(version));
            }
        }
        else
        {
            await response.ProblemAsync(expected);
            Assert.That(await CaseTextAsync(staged.Id), Is.EqualTo(before), "a refused write leaves the case exactly as it was");
        }
    }

    [TestCaseSource(nameof(AdminWrites))]
    public async Task AdminWrite_ByCaller_IsForAdminsOnly(AdminRoute route, Caller caller, HttpStatusCode expected)
    {
        // A write that goes through acts on a colleague of its own; refused ones share one bystander, whom they must leave alone.
        var target = expected == route.Success ? await NewAgentAsync(App) : _bystander ??= await NewAgentAsync(App);
        var call = route.Prepare(App, target);
        var before = await DirectoryTextAsync();

        using var request = call.ToRequest();
        var client = await ClientAsync(caller);
        using var response = await client.SendAsync(request);

        if (expected == route.Success)
        {
            Assert.That(response.StatusCode, Is.EqualTo(expected), await response.Content.ReadAsStringAsync());
            Assert.That(await DirectoryTextAsync(), Is.Not.EqualTo(before), "the admin's change shows in the directory");
        }
        else
        {
            await response.ProblemAsync(expected);
            Assert.That(await DirectoryTextAsync(), Is.EqualTo(before), "a refused write changes no one");
        }
    }

    private static IEnumerable<TestCaseData> CaseWrites()
    {
        // Team members take New cases from the queue; an owned case is no longer there to take, not even for the named recipient.
        yield return Row(Claim, Caller.Anonymous, Stage.New, Unauthorized);
        yield return Row(Claim, Caller.Owner, Stage.Owned, Conflict);
        yield return Row(Claim, Caller.TeamMember, Stage.New, Ok);
        yield return Row(Claim, Caller.TeamMember, Stage.Owned, Conflict);
        yield return Row(Claim, Caller.OtherTeam, Stage.New, Forbidden);
        yield return Row(Claim, Caller.Recipient, Stage.Offered, Conflict);
        yield return Row(Claim, Caller.Sender, Stage.Offered, Conflict);
        yield return Row(Claim, Caller.Supervisor, Stage.New, Ok);
        yield return Row(Claim, Caller.Admin, Stage.New, Forbidden);

        IEnumerable<TestCaseData>[] table =
        [
            // route, stage, stage for the Recipient and Sender rows; then the answer for: anonymous, owner, team member,
            // other team, recipient, sender, supervisor, admin.
            Rows(Offer, Stage.Owned, Stage.Offered, Unauthorized, Created, Forbidden, Forbidden, Forbidden, Conflict, Forbidden, Forbidden),
            Rows(Accept, Stage.Offered, Stage.Offered, Unauthorized, Forbidden, Forbidden, Forbidden, Ok, Forbidden, Forbidden, Forbidden),
            Rows(Decline, Stage.Offered, Stage.Offered, Unauthorized, Forbidden, Forbidden, Forbidden, Ok, Forbidden, Forbidden, Forbidden),
            Rows(Cancel, Stage.Offered, Stage.Offered, Unauthorized, Ok, Forbidden, Forbidden, Forbidden, Ok, Forbidden, Forbidden),
            Rows(Reassign, Stage.Owned, Stage.Offered, Unauthorized, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Ok, Forbidden),
            Rows(Reply, Stage.Owned, Stage.Offered, Unauthorized, Ok, Forbidden, Forbidden, Forbidden, Ok, Forbidden, Forbidden),
            Rows(Note, Stage.Owned, Stage.Offered, Unauthorized, Ok, Ok, Ok, Ok, Ok, Ok, Ok),
            Rows(MakePromise, Stage.Owned, Stage.Offered, Unauthorized, Created, Forbidden, Forbidden, Forbidden, Created, Forbidden, Forbidden),
            Rows(KeepPromise, Stage.Promised, Stage.PromisedOffered, Unauthorized, Ok, Forbidden, Forbidden, Forbidden, Ok, Forbidden, Forbidden),
            Rows(Renegotiate, Stage.Promised, Stage.PromisedOffered, Unauthorized, Ok, Forbidden, Forbidden, Forbidden, Ok, Forbidden, Forbidden),
            Rows(Wait, Stage.Owned, Stage.Offered, Unauthorized, Ok, Forbidden, Forbidden, Forbidden, Ok, Forbidden, Forbidden),
            Rows(Resume, Stage.Waiting, Stage.WaitingOffered, Unauthorized, Ok, Forbidden, Forbidden, Forbidden, Ok, Forbidden, Forbidden),
            Rows(Resolve, Stage.Owned, Stage.Offered, Unauthorized, Ok, Forbidden, Forbidden, Forbidden, Conflict, Forbidden, Forbidden),
            Rows(Reopen, Stage.Resolved, Stage.Resolved, Unauthorized, Ok, Ok, Ok, Ok, Ok, Ok, Ok),
            Rows(Close, Stage.Resolved, Stage.Resolved, Unauthorized, Ok, Forbidden, Forbidden, Forbidden, Ok, Ok, Forbidden),
            Rows(ChangePriority, Stage.Owned, Stage.Offered, Unauthorized, Ok, Forbidden, Forbidden, Forbidden, Ok, Ok, Forbidden),
        ];
        foreach (var row in table.SelectMany(rows => rows))
        {
            yield return row;
        }

        // Offered to a team: any member of that team may answer, nobody else, not even the colleague named elsewhere.
        yield return Row(Accept, Caller.BillingMember, Stage.OfferedToBilling, Ok);
        yield return Row(Accept, Caller.TeamMember, Stage.OfferedToBilling, Forbidden);
        yield return Row(Accept, Caller.Supervisor, Stage.OfferedToBilling, Ok);
        yield return Row(Decline, Caller.BillingMember, Stage.OfferedToBilling, Ok);
        yield return Row(Decline, Caller.Recipient, Stage.OfferedToBilling, Forbidden);
        yield return Row(Cancel, Caller.BillingMember, Stage.OfferedToBilling, Forbidden);
    }

    private static IEnumerable<TestCaseData> AdminWrites()
    {
        foreach (var route in new[] { CreateStaff, Deactivate, CreateTeam, AddMember, RemoveMember })
        {
            yield return AdminRow(route, Caller.Anonymous, Unauthorized);
            yield return AdminRow(route, Caller.TeamMember, Forbidden);
            yield return AdminRow(route, Caller.OtherTeam, Forbidden);
            yield return AdminRow(route, Caller.Supervisor, Forbidden);
            yield return AdminRow(route, Caller.Admin, route.Success);
        }
    }

    private static IEnumerable<TestCaseData> Rows(
        CaseRoute route, Stage stage, Stage offeredStage,
        HttpStatusCode anonymous, HttpStatusCode owner, HttpStatusCode teamMember, HttpStatusCode otherTeam,
        HttpStatusCode recipient, HttpStatusCode sender, HttpStatusCode supervisor, HttpStatusCode admin) =>
    [
        Row(route, Caller.Anonymous, stage, anonymous),
        Row(route, Caller.Owner, stage, owner),
        Row(route, Caller.TeamMember, stage, teamMember),
        Row(route, Caller.OtherTeam, stage, otherTeam),
        Row(route, Caller.Recipient, offeredStage, recipient),
        Row(route, Caller.Sender, offeredStage, sender),
        Row(route, Caller.Supervisor, stage, supervisor),
        Row(route, Caller.Admin, stage, admin),
    ];

    private static TestCaseData Row(CaseRoute route, Caller caller, Stage stage, HttpStatusCode expected) =>
        new TestCaseData(route, caller, stage, expected).SetName($"{route.Name}_By{caller}On{stage}Case_Returns{(int)expected}");

    private static TestCaseData AdminRow(AdminRoute route, Caller caller, HttpStatusCode expected) =>
        new TestCaseData(route, caller, expected).SetName($"{route.Name}_By{caller}_Returns{(int)expected}");

    private static RouteCall Post(string path, object? body = null) => new(HttpMethod.Post, path, body);

    private static async Task<Guid> NewAgentAsync(DeskApp app) =>
        await app.AddAgentAsync($"temp-{Guid.NewGuid():N}", "Tess Temporary", "Front Line");

    private async Task<HttpClient> ClientAsync(Caller caller) => caller switch
    {
        Caller.Anonymous => Anonymous(),
        Caller.Owner or Caller.Sender => await As("ava"),
        Caller.TeamMember => await As("cara"),
        Caller.OtherTeam => await As("olga"),
        Caller.Recipient => await As("ben"),
        Caller.Supervisor => await As("sam"),
        Caller.Admin => await As("ada"),
        Caller.BillingMember => await As("dan"),
        _ => throw new ArgumentOutOfRangeException(nameof(caller), caller, null),
    };

    private async Task<string> DirectoryTextAsync() =>
        await (await As("ada")).GetStringAsync("/api/staff?includeInactive=true");
}
