using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using RecoveryDesk.Web.Tests.Hubs;

namespace RecoveryDesk.Web.Tests.Reliability;

/// <summary>Who calls in the access matrix.</summary>
public enum Who
{
    Anonymous,
    Owner,
    Recipient,
    TeamMember,
    OtherTeam,
    Supervisor,
    Admin,
    Customer,
    OtherCustomer,
}

/// <summary>The state a route's case is staged in before the call.</summary>
public enum CaseState
{
    None,
    New,
    Owned,
    Offered,
    Waiting,
    Resolved,
}

/// <summary>
/// Every route of the live OpenAPI document against every kind of caller, with the status each must
/// get. A route without an expectation fails the test, so new routes are covered when they appear.
/// Refused writes change nothing; customer answers carry no internal fields; a customer's code opens
/// its own case only, over HTTP and over the status hub.
/// </summary>
public sealed partial class AccessMatrixTests
{
    private static readonly Who[] Callers = Enum.GetValues<Who>();

    private ReliabilityDesk _desk = null!;
    private OpenApiRoutes _routes = null!;
    private HttpClient _anonymous = null!;
    private FuzzCase _otherCase = null!;
    private Guid _spareTeam;
    private Guid _bystander;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _desk = await ReliabilityDesk.StartAsync();
        _anonymous = _desk.App.CreateClient();
        _routes = await OpenApiRoutes.LoadAsync(_anonymous);
        _otherCase = await _desk.StageAsync(promise: false, offer: false);
        _bystander = await _desk.App.AddAgentAsync($"bystander-{Guid.NewGuid():N}", "Bea Bystander", "Front Line");
        var team = await ReliabilityDesk.PostAsync(await _desk.As("ada"), "/api/teams", new { name = $"Matrix team {Guid.NewGuid():N}" });
        _spareTeam = team.GetProperty("id").GetGuid();
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _anonymous?.Dispose();
        _desk?.Dispose();
    }

    [Test]
    public void EveryPublishedRoute_HasAnExpectation_AndEveryExpectationIsPublished()
    {
        var published = _routes.Operations.Select(o => o.Key).ToHashSet();
        Assert.Multiple(() =>
        {
            Assert.That(published.Where(k => !Expectations.ContainsKey(k)), Is.Empty, "routes in /openapi/v1.json with no row in the access matrix: add one");
            Assert.That(Expectations.Keys.Where(k => !published.Contains(k)), Is.Empty, "rows for routes the service no longer publishes");
        });
    }

    [Test]
    public async Task EveryRoute_ByEveryCaller_AnswersAsExpectedAndLeaksNothing()
    {
        var failures = new List<string>();
        var calls = 0;
        foreach (var operation in _routes.Operations.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            if (!Expectations.TryGetValue(operation.Key, out var row))
            {
                failures.Add($"{operation.Key}: no expectation");
                continue;
            }

            var codes = row.Codes.Split(' ').Select(int.Parse).ToArray();
            FuzzCase? shared = null;
            foreach (var caller in Callers)
            {
                var expected = codes[(int)caller];
                var succeeds = expected < 300;
                FuzzCase? staged = null;
                if (row.State != CaseState.None)
                {
                    // A write that goes through gets a case of its own; refusals share one, which they must leave alone.
                    staged = succeeds && operation.IsWrite ? await StageAsync(row.State) : shared ??= await StageAsync(row.State);
                }

                var before = staged is not null && operation.IsWrite ? await _desk.VersionAsync(staged.Id) : 0;
                var target = operation.Path.Contains("{staffId}", StringComparison.Ordinal) && succeeds
                    ? await _desk.App.AddAgentAsync($"target-{Guid.NewGuid():N}", "Tom Target", "Front Line")
                    : _bystander;
                // A saved reply of the case's team each call: one caller's deletion must not decide the next caller's answer.
                var reply = operation.Path.Contains("{replyId}", StringComparison.Ordinal) ? await SavedReplyAsync() : Guid.Empty;
                using var request = new HttpRequestMessage(new HttpMethod(operation.Method), Fill(operation.Path, staged, target, reply));
                _staged = staged;
                if (row.Body?.Invoke(this) is { } body)
                {
                    request.Content = body as HttpContent ?? new StringContent(JsonSerializer.Serialize(body, Support.DeskApp.Json), Encoding.UTF8, "application/json");
                }

                if (caller == Who.Customer && staged is not null)
                {
                    request.Headers.Add("X-Access-Code", staged.AccessCode);
                }
                else if (caller == Who.OtherCustomer)
                {
                    request.Headers.Add("X-Access-Code", _otherCase.AccessCode);
                }

                calls++;
                var client = await ClientFor(caller);
                using var response = await client.SendAsync(request);
                if (operation.Key == "POST /api/auth/logout" && response.IsSuccessStatusCode)
                {
                    _desk.SignedOut(client);
                }

                var text = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                var what = $"{operation.Key} by {caller}";
                if (status != expected)
                {
                    failures.Add($"{what}: expected {expected}, got {status} {Clip(text)}");
                }

                if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                {
                    failures.Add($"{what}: {status} is not a problem ({response.Content.Headers.ContentType})");
                }

                if (status >= 400 && staged is not null && operation.IsWrite && await _desk.VersionAsync(staged.Id) != before)
                {
                    failures.Add($"{what}: refused with {status} yet the case changed");
                }

                if (operation.Path.StartsWith("/api/public", StringComparison.Ordinal) && status < 300 && Leak(text) is { } leak)
                {
                    failures.Add($"{what}: the customer's answer carries {leak}: {Clip(text)}");
                }
            }
        }

        await TestContext.Out.WriteLineAsync($"Access matrix: {_routes.Operations.Count} routes × {Callers.Length} callers = {calls} calls.");
        Assert.That(failures, Is.Empty, () => $"{failures.Count} of {calls} calls answered wrongly:\n{string.Join("\n", failures)}");
    }

    [Test]
    public async Task CustomerCode_OfAnotherCase_NeverOpensThisOneOverHttpOrTheHub()
    {
        var mine = await _desk.StageAsync(claim: false);
        using var customer = _desk.App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/public/cases/{mine.Reference}");
        request.Headers.Add("X-Access-Code", _otherCase.AccessCode);
        using var response = await customer.SendAsync(request);
        Assert.That((int)response.StatusCode, Is.EqualTo(404), await response.Content.ReadAsStringAsync());

        await using var watcher = await LiveClient.StatusAsync(_desk.App);
        var refused = Assert.ThrowsAsync<HubException>(() => watcher.Connection.InvokeAsync<JsonElement>("Watch", mine.Reference, _otherCase.AccessCode));
        Assert.That(refused!.Message, Does.EndWith("No case matches that reference and access code."));

        // The watcher of the other case hears nothing of this one, even as this one changes.
        await watcher.Connection.InvokeAsync<JsonElement>("Watch", _otherCase.Reference, _otherCase.AccessCode);
        var ava = await _desk.As("ava");
        await ReliabilityDesk.PostAsync(ava, $"/api/cases/{mine.Id}/claim", null);
        await ReliabilityDesk.PostAsync(ava, $"/api/cases/{mine.Id}/replies", new { text = "Only for the right customer." });
        await ReliabilityDesk.PostAsync(ava, $"/api/cases/{_otherCase.Id}/replies", new { text = "Marker for the other customer." });
        await watcher.WaitForAsync(_otherCase.Reference, "ReplySent");
        Assert.That(watcher.Received.Select(LiveClient.ReferenceOf), Has.None.EqualTo(mine.Reference));
    }

    [Test]
    public async Task DeskHub_AgentOfAnotherTeam_HearsNothingOfAWholeRecoveryCycle()
    {
        await using var olga = await LiveClient.DeskAsync(_desk.App, "olga");
        await using var customerHub = LiveClient.Unstarted(_desk.App, "/hubs/desk");
        var refused = Assert.CatchAsync<HttpRequestException>(() => customerHub.StartAsync(), "a customer (no sign-in) cannot open the desk hub");
        Assert.That(refused!.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Unauthorized));

        var ava = await _desk.As("ava");
        var ben = await _desk.As("ben");
        var staged = await _desk.StageAsync();
        await ReliabilityDesk.PostAsync(ava, $"/api/cases/{staged.Id}/notes", new { text = "Internal: watch list." });
        await ReliabilityDesk.PostAsync(ben, $"/api/cases/{staged.Id}/handoffs/{staged.HandoffId}/accept", null);
        await ReliabilityDesk.PostAsync(ben, $"/api/cases/{staged.Id}/replies", new { text = "Ben here." });
        await ReliabilityDesk.PostAsync(ben, $"/api/cases/{staged.Id}/resolve", new { summary = "Replaced.", promises = new[] { new { promiseId = staged.PromiseId, kept = true } } });
        await ReliabilityDesk.PostAsync(await _desk.As("sam"), $"/api/cases/{staged.Id}/close", null);

        // Marker: a case in Olga's own queue; messages arrive in order, so anything for her about the cycle came first.
        var marker = await _desk.App.OpenCaseAsync(ava, "Outpost");
        await olga.WaitForAsync(marker.GetProperty("id").GetGuid(), "CaseOpened");
        Assert.That(olga.ReceivedFor(staged.Id), Is.Empty);
    }

    private async Task<HttpClient> ClientFor(Who caller) => caller switch
    {
        Who.Anonymous or Who.Customer or Who.OtherCustomer => _anonymous,
        Who.Owner => await _desk.As("ava"),
        Who.Recipient => await _desk.As("ben"),
        Who.TeamMember => await _desk.As("cara"),
        Who.OtherTeam => await _desk.As("olga"),
        Who.Supervisor => await _desk.As("sam"),
        Who.Admin => await _desk.As("ada"),
        _ => throw new ArgumentOutOfRangeException(nameof(caller), caller, null),
    };

    private async Task<FuzzCase> StageAsync(CaseState state)
    {
        var ava = await _desk.As("ava");
        switch (state)
        {
            case CaseState.New:
                return await _desk.StageAsync(claim: false);
            case CaseState.Owned:
                return await _desk.StageAsync(offer: false);
            case CaseState.Offered:
                return await _desk.StageAsync();
            case CaseState.Waiting:
                var waiting = await _desk.StageAsync(offer: false);
                await ReliabilityDesk.PostAsync(ava, $"/api/cases/{waiting.Id}/wait-on-customer", null);
                return waiting;
            case CaseState.Resolved:
                var resolved = await _desk.StageAsync(promise: false, offer: false);
                await ReliabilityDesk.PostAsync(ava, $"/api/cases/{resolved.Id}/resolve", new { summary = "Replaced the vase." });
                return resolved;
            default:
                throw new ArgumentOutOfRangeException(nameof(state), state, null);
        }
    }

    private async Task<Guid> SavedReplyAsync()
    {
        var created = await ReliabilityDesk.PostAsync(await _desk.As("sam"), $"/api/teams/{_desk.App.TeamIds["Front Line"]}/saved-replies", new { title = $"Matrix {Guid.NewGuid():N}", text = "Dear {addressAs}, this is {ownerFirstName}." });
        return created.GetProperty("id").GetGuid();
    }

    private string Fill(string path, FuzzCase? staged, Guid target, Guid reply) => path
        // Saved replies are Front Line's, the team of the staged cases, so its members' answers show.
        .Replace("/api/teams/{teamId}/saved-replies", $"/api/teams/{_desk.App.TeamIds["Front Line"]}/saved-replies", StringComparison.Ordinal)
        .Replace("{replyId}", reply.ToString(), StringComparison.Ordinal)
        .Replace("{id}", staged?.Id.ToString(), StringComparison.Ordinal)
        .Replace("{handoffId}", staged?.HandoffId?.ToString(), StringComparison.Ordinal)
        .Replace("{promiseId}", staged?.PromiseId?.ToString(), StringComparison.Ordinal)
        .Replace("{reference}", staged?.Reference, StringComparison.Ordinal)
        .Replace("{teamId}", _spareTeam.ToString(), StringComparison.Ordinal)
        .Replace("{staffId}", target.ToString(), StringComparison.Ordinal)
        .Replace("{mailId}", NoSuchMail.ToString(), StringComparison.Ordinal)
        .Replace("{attachmentId}", NoSuchMail.ToString(), StringComparison.Ordinal)
        .Replace("{event}", "Opened", StringComparison.Ordinal);

    /// <summary>A small text file as an upload sends it (multipart/form-data, field file).</summary>
    private static MultipartFormDataContent TextFile() => new()
    {
        { new ByteArrayContent("Receipt: order 1042, paid 12 March."u8.ToArray()) { Headers = { ContentType = new("text/plain") } }, "file", "receipt.txt" },
    };

    /// <summary>A mail no case has: staff get 404, everyone else is refused before that.</summary>
    /// <summary>The case the current call is about, for a body that names one of its parts (a promise to settle).</summary>
    private FuzzCase? _staged;

    private static readonly Guid NoSuchMail = Guid.Parse("0c0c0c0c-0000-4000-8000-00000000000c");

    /// <summary>Anything internal in a customer's answer: an id, an email, a surname, a staff-only field.</summary>
    private static string? Leak(string text)
    {
        // A file's id is the one id a customer is given: it opens that file alone, and only with the case's code.
        text = FileId().Replace(text, "{\"fileName\"");
        if (AnyGuid().Match(text) is { Success: true } id)
        {
            return $"an internal id ({id.Value})";
        }

        string[] forbidden = ["@test.example", "m.hill@example.com", "Thompson", "Okafor", "Patel", "\"ownerId\"", "\"accessCode\"", "\"isPublic\"", "\"actorId\""];
        return forbidden.FirstOrDefault(f => text.Contains(f, StringComparison.OrdinalIgnoreCase));
    }

    private static string Clip(string text) => text.Length <= 300 ? text : $"{text[..300]}…";

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex AnyGuid();

    [GeneratedRegex("\\{\"id\":\"[0-9a-f-]{36}\",\"fileName\"")]
    private static partial Regex FileId();

    /// <summary>A route's row: the case state it needs, a valid body, and the status per caller in <see cref="Who"/> order.</summary>
    private sealed record Row(CaseState State, string Codes, Func<AccessMatrixTests, object?>? Body = null);

    // Caller order:                   anon own recp team othr sup  adm  cust other-cust
    private const string StaffRead = "401 200 200 200 200 200 200 401 401";
    private const string OwnerOnly = "401 200 403 403 403 403 403 401 401";
    private const string OwnerOnlyCreated = "401 201 403 403 403 403 403 401 401";
    private const string RecipientOnly = "401 403 200 403 403 403 403 401 401";
    private const string SupervisorRead = "401 403 403 403 403 200 403 401 401";
    private const string SlaRead = "401 403 403 403 403 200 200 401 401";
    private const string AdminWrite = "401 403 403 403 403 403 200 401 401";
    private const string AdminCreate = "401 403 403 403 403 403 201 401 401";
    private const string AdminNoContent = "401 403 403 403 403 403 204 401 401";
    private const string CustomerOnly = "404 404 404 404 404 404 404 200 404";
    private const string AdminNotFound = "401 403 403 403 403 403 404 401 401";

    private static readonly Dictionary<string, Row> Expectations = new()
    {
        // A new email each time: five failures with one email from one address make it wait (429).
        ["POST /api/auth/login"] = new(CaseState.None, "401 401 401 401 401 401 401 401 401", _ => new { email = $"nobody-{Guid.NewGuid():N}@test.example", password = "Wrong-Password-2026!" }),
        ["POST /api/auth/refresh"] = new(CaseState.None, "401 401 401 401 401 401 401 401 401", _ => new { refreshToken = "forged" }),
        ["POST /api/auth/logout"] = new(CaseState.None, "401 204 204 204 204 204 204 401 401"),
        ["GET /api/me"] = new(CaseState.None, StaffRead),
        ["GET /api/me/cases"] = new(CaseState.None, StaffRead),
        ["GET /api/me/handoffs"] = new(CaseState.None, StaffRead),
        ["GET /api/queue"] = new(CaseState.None, StaffRead),
        ["GET /api/cases"] = new(CaseState.None, StaffRead),
        ["POST /api/cases"] = new(CaseState.None, "401 201 201 201 201 201 201 401 401", t => new
        {
            customer = new { name = "Margaret Hill", email = "m.hill@example.com" },
            subject = "Opened in the access matrix",
            description = "Anyone on the desk may log a complaint.",
            channel = "Phone",
            priority = "P3",
            teamId = t._desk.App.TeamIds["Front Line"],
        }),
        ["GET /api/cases/{id}"] = new(CaseState.Offered, StaffRead),
        ["GET /api/references/{reference}"] = new(CaseState.Owned, StaffRead),
        ["GET /api/cases/{id}/timeline"] = new(CaseState.Offered, StaffRead),
        ["GET /api/cases/{id}/customer-history"] = new(CaseState.Owned, StaffRead),
        ["GET /api/cases/{id}/mail"] = new(CaseState.Offered, StaffRead),
        ["GET /api/cases/{id}/mail/{mailId}"] = new(CaseState.Offered, "401 404 404 404 404 404 404 401 401"),
        ["GET /api/cases/{id}/attachments/{attachmentId}"] = new(CaseState.Offered, "401 404 404 404 404 404 404 401 401"),
        ["POST /api/cases/{id}/attachments"] = new(CaseState.Owned, "401 201 201 201 201 201 201 401 401", _ => TextFile()),
        ["GET /api/teams/{teamId}/mail-settings"] = new(CaseState.None, AdminWrite),
        ["PUT /api/teams/{teamId}/mail-settings"] = new(CaseState.None, AdminWrite, _ => new { senderName = "Matrix Care", senderAddress = "care@matrix.example" }),
        ["GET /api/teams/{teamId}/mail-templates"] = new(CaseState.None, AdminWrite),
        ["GET /api/teams/{teamId}/mail-templates/{event}"] = new(CaseState.None, AdminWrite),
        ["PUT /api/teams/{teamId}/mail-templates/{event}"] = new(CaseState.None, AdminWrite, _ => new { subject = "Got it: {{subject}}", body = "{{greeting}},\n\n{{statusLink}}" }),
        ["DELETE /api/teams/{teamId}/mail-templates/{event}"] = new(CaseState.None, AdminWrite),
        ["POST /api/teams/{teamId}/mail-templates/{event}/preview"] = new(CaseState.None, AdminWrite, _ => new { }),
        // In key order: the deletion, the read and the test find no mailbox; then one is set.
        ["DELETE /api/teams/{teamId}/mailbox"] = new(CaseState.None, AdminNotFound),
        ["GET /api/teams/{teamId}/mailbox"] = new(CaseState.None, AdminNotFound),
        ["POST /api/teams/{teamId}/mailbox/test"] = new(CaseState.None, AdminNotFound),
        ["PUT /api/teams/{teamId}/mailbox"] = new(CaseState.None, AdminWrite, _ => new { host = "127.0.0.1", port = 1, security = "None", user = "matrix@mail.test", password = "secret" }),
        ["GET /api/teams/{teamId}/saved-replies"] = new(CaseState.None, "401 200 200 200 403 200 200 401 401"),
        ["POST /api/teams/{teamId}/saved-replies"] = new(CaseState.None, "401 403 403 403 403 201 201 401 401", _ => new { title = $"Matrix {Guid.NewGuid():N}", text = "We are on it, {addressAs}." }),
        ["PUT /api/teams/{teamId}/saved-replies/{replyId}"] = new(CaseState.None, "401 403 403 403 403 200 200 401 401", _ => new { title = $"Matrix {Guid.NewGuid():N}", text = "Updated for {reference}." }),
        ["DELETE /api/teams/{teamId}/saved-replies/{replyId}"] = new(CaseState.None, "401 403 403 403 403 204 204 401 401"),
        // Whoever may reply: the owner alone.
        ["POST /api/cases/{id}/saved-replies/{replyId}/fill"] = new(CaseState.Owned, OwnerOnly),
        ["POST /api/cases/{id}/claim"] = new(CaseState.New, "401 200 200 200 403 200 403 401 401"),
        ["POST /api/cases/{id}/handoffs"] = new(CaseState.Owned, OwnerOnlyCreated, t => new { toAgentId = t._desk.App.StaffIds["dan"], note = "Billing question." }),
        ["POST /api/cases/{id}/handoffs/{handoffId}/accept"] = new(CaseState.Offered, RecipientOnly),
        ["POST /api/cases/{id}/handoffs/{handoffId}/decline"] = new(CaseState.Offered, RecipientOnly, _ => new { reason = "I am away tomorrow." }),
        ["POST /api/cases/{id}/handoffs/{handoffId}/cancel"] = new(CaseState.Offered, OwnerOnly),
        ["POST /api/cases/{id}/reassign"] = new(CaseState.Owned, "401 403 403 403 403 200 403 401 401", t => new { toAgentId = t._desk.App.StaffIds["cara"], reason = "Ava is off sick." }),
        ["POST /api/cases/{id}/replies"] = new(CaseState.Owned, OwnerOnly, _ => new { text = "We are on it." }),
        ["POST /api/cases/{id}/notes"] = new(CaseState.Owned, StaffRead, _ => new { text = "Courier dropped it." }),
        ["POST /api/cases/{id}/promises"] = new(CaseState.Owned, OwnerOnlyCreated, t => new { text = "I will call on Thursday.", dueAt = t._desk.App.Clock.GetUtcNow().AddDays(2) }),
        ["POST /api/cases/{id}/promises/{promiseId}/kept"] = new(CaseState.Owned, OwnerOnly),
        ["POST /api/cases/{id}/promises/{promiseId}/renegotiate"] = new(CaseState.Owned, OwnerOnly, t => new { newDueAt = t._desk.App.Clock.GetUtcNow().AddDays(4), note = "Told her the courier is late." }),
        ["POST /api/cases/{id}/wait-on-customer"] = new(CaseState.Owned, OwnerOnly),
        ["POST /api/cases/{id}/resume"] = new(CaseState.Waiting, OwnerOnly),
        ["POST /api/cases/{id}/resolve"] = new(CaseState.Owned, OwnerOnly, t => new { summary = "Replaced and refunded.", promises = new[] { new { promiseId = t._staged!.PromiseId, kept = true } } }),
        ["POST /api/cases/{id}/reopen"] = new(CaseState.Resolved, StaffRead, _ => new { reason = "It broke again." }),
        ["POST /api/cases/{id}/priority"] = new(CaseState.Owned, "401 200 403 403 403 200 403 401 401", _ => new { priority = "P1" }),
        ["POST /api/cases/{id}/close"] = new(CaseState.Resolved, "401 200 403 403 403 200 403 401 401"),
        ["POST /api/cases/{id}/access-code"] = new(CaseState.Owned, "401 200 403 403 403 200 403 401 401"),
        ["GET /api/staff"] = new(CaseState.None, StaffRead),
        ["POST /api/staff"] = new(CaseState.None, AdminCreate, _ => new
        {
            email = $"matrix-{Guid.NewGuid():N}@test.example",
            displayName = "Nina Newcomer",
            password = Support.DeskApp.Password,
            roles = new[] { "Agent" },
            teamIds = Array.Empty<Guid>(),
        }),
        ["POST /api/staff/{staffId}/deactivate"] = new(CaseState.None, AdminWrite),
        ["GET /api/teams"] = new(CaseState.None, StaffRead),
        ["POST /api/teams"] = new(CaseState.None, AdminCreate, _ => new { name = $"Matrix {Guid.NewGuid():N}" }),
        ["PUT /api/teams/{teamId}/members/{staffId}"] = new(CaseState.None, AdminNoContent),
        ["DELETE /api/teams/{teamId}/members/{staffId}"] = new(CaseState.None, AdminNoContent),
        // Everyone who owns cases sets their own; an admin owns none.
        ["PUT /api/me/availability"] = new(CaseState.None, "401 200 200 200 200 200 403 401 401", _ => new { state = "Available" }),
        ["PUT /api/staff/{staffId}/availability"] = new(CaseState.None, "401 403 403 403 403 200 403 401 401", _ => new { state = "Off" }),
        ["GET /api/teams/{teamId}/assignment"] = new(CaseState.None, SlaRead),
        ["PUT /api/teams/{teamId}/assignment"] = new(CaseState.None, SlaRead, _ => new { mode = "Queue", capacity = 10 }),
        ["GET /api/board"] = new(CaseState.None, SupervisorRead),
        ["GET /api/metrics"] = new(CaseState.None, SupervisorRead),
        ["GET /api/metrics/csv"] = new(CaseState.None, SupervisorRead),
        ["GET /api/sla-policies"] = new(CaseState.None, SlaRead),
        ["GET /api/sla-policies/{teamId}"] = new(CaseState.None, SlaRead),
        ["PUT /api/sla-policies/{teamId}"] = new(CaseState.None, AdminWrite, _ => new
        {
            targets = new[] { "P1", "P2", "P3", "P4" }.Select((p, i) => new
            {
                priority = p,
                timeToOwnMinutes = 15 * (i + 1),
                firstResponseMinutes = 60 * (i + 1),
                resolutionMinutes = 480 * (i + 1),
                warningPercent = 75,
                handoffAcknowledgementMinutes = 30,
                escalation = new[] { new { afterBreachMinutes = 0, audience = "TeamSupervisors" } },
            }),
        }),
        ["GET /api/calendars/{teamId}"] = new(CaseState.None, SlaRead),
        ["PUT /api/calendars/{teamId}"] = new(CaseState.None, AdminWrite, _ => new
        {
            timeZoneId = "Europe/London",
            workingHours = new[] { new { day = "Monday", start = "09:00", end = "17:00" } },
            holidays = new[] { "2026-12-25" },
        }),
        ["GET /api/audit"] = new(CaseState.None, AdminWrite),
        // The matrix sends no query string: the admin is told the email is missing.
        ["GET /api/customers/export"] = new(CaseState.None, "401 403 403 403 403 403 400 401 401"),
        // An address nobody used: the admin's erasure finds nothing and touches no staged case.
        ["POST /api/customers/erase"] = new(CaseState.None, AdminNotFound, _ => new { email = $"nobody-{Guid.NewGuid():N}@example.org" }),
        ["GET /api/complaint-form"] = new(CaseState.None, AdminWrite),
        ["PUT /api/complaint-form"] = new(CaseState.None, AdminWrite, _ => new { enabled = false }),
        ["GET /api/public/complaint-form"] = new(CaseState.None, "200 200 200 200 200 200 200 200 200"),
        // Without the token the page gets when it loads, a complaint is refused for everyone alike.
        ["POST /api/public/complaints"] = new(CaseState.None, "400 400 400 400 400 400 400 400 400", _ => new
        {
            name = "Margaret Hill",
            email = "m.hill@example.com",
            subject = "Sent in the access matrix",
            text = "No token from the page.",
        }),
        ["GET /api/public/cases/{reference}"] = new(CaseState.Owned, CustomerOnly),
        ["POST /api/public/cases/{reference}/messages"] = new(CaseState.Owned, CustomerOnly, _ => new { text = "Any news?" }),
        ["POST /api/public/cases/{reference}/attachments"] = new(CaseState.Owned, CustomerOnly, _ => TextFile()),
        ["GET /api/public/cases/{reference}/attachments/{attachmentId}"] = new(CaseState.Owned, "404 404 404 404 404 404 404 404 404"),
        ["POST /api/public/cases/{reference}/confirmation"] = new(CaseState.Resolved, CustomerOnly, _ => new { resolved = true }),
        ["POST /api/public/cases/{reference}/mail-preference"] = new(CaseState.Owned, CustomerOnly, _ => new { updates = false }),
        ["POST /api/public/cases/{reference}/feedback"] = new(CaseState.Resolved, CustomerOnly, _ => new { satisfaction = 5, buyAgain = "Yes", recommend = 10, comment = "Great." }),
    };
}
