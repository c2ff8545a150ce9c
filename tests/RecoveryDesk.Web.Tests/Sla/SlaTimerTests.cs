using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using RecoveryDesk.Application.Sla;
using RecoveryDesk.Web.Tests.Support;

namespace RecoveryDesk.Web.Tests.Sla;

/// <summary>SLA clocks and timers end to end: real host, real SQLite file, Quartz driven by the fake clock.</summary>
public sealed class SlaTimerTests
{
    private DeskApp _app = null!;
    private HttpClient _ava = null!;
    private HttpClient _ben = null!;
    private HttpClient _sam = null!;

    [SetUp]
    public async Task SetUp()
    {
        _app = await new DeskApp().StartAsync();
        _ava = await _app.ClientFor("ava");
        _ben = await _app.ClientFor("ben");
        _sam = await _app.ClientFor("sam");
    }

    [TearDown]
    public void TearDown()
    {
        _ava.Dispose();
        _ben.Dispose();
        _sam.Dispose();
        _app.Dispose();
    }

    [Test]
    public async Task Unclaimed_P1_WarnsAtThreeQuartersThenBreachesAndEscalates()
    {
        var id = await OpenAsync("P1");
        await Advance(TimeSpan.FromMinutes(11.5));
        await WaitForTimeline(id, "SlaWarning");
        Assert.That(await Count(id, "SlaBreached"), Is.Zero);

        await Advance(TimeSpan.FromMinutes(4));
        await WaitForTimeline(id, "SlaBreached");
        await WaitForTimeline(id, "SlaEscalated");
        var detail = await Case(id);
        var own = Clock(detail, "Own");
        Assert.That(own.GetProperty("breachedAt").ValueKind, Is.Not.EqualTo(JsonValueKind.Null));
        Assert.That(own.GetProperty("escalationLevel").GetInt32(), Is.EqualTo(1));

        await Advance(TimeSpan.FromMinutes(61));
        await Eventually.Until(async () => Clock(await Case(id), "Own").GetProperty("escalationLevel").GetInt32(), level => level == 2, "the escalation to admins");
        var timeline = await _ava.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/timeline");
        Assert.That(timeline.EnumerateArray().Count(e => e.GetProperty("text").GetString()!.StartsWith("Escalated to the admins: the time to own", StringComparison.Ordinal)), Is.EqualTo(1));
        // By now the first hour has passed too: the first-response target is breached on its own.
        Assert.That(await Count(id, "SlaBreached"), Is.EqualTo(2), "each missed target is recorded once");
    }

    [Test]
    public async Task ClaimedInTime_OwnClock_IsMetAndNeverWarns()
    {
        var id = await OpenAsync("P1");
        await _app.Clock.AdvanceAndSettle(TimeSpan.FromMinutes(5));
        (await _ava.PostAsync($"/api/cases/{id}/claim", null)).EnsureSuccessStatusCode();
        await Advance(TimeSpan.FromMinutes(20));
        var detail = await Case(id);
        Assert.That(Clock(detail, "Own").GetProperty("metAt").ValueKind, Is.Not.EqualTo(JsonValueKind.Null));
        Assert.That(await Count(id, "SlaBreached"), Is.Zero);
        Assert.That(await Count(id, "SlaWarning"), Is.Zero);
    }

    [Test]
    public async Task FirstReply_MeetsFirstResponse_ResolutionKeepsRunning()
    {
        var id = await OpenAsync("P1");
        (await _ava.PostAsync($"/api/cases/{id}/claim", null)).EnsureSuccessStatusCode();
        (await _ava.PostAsJsonAsync($"/api/cases/{id}/replies", new { text = "We are on it." })).EnsureSuccessStatusCode();
        var detail = await Case(id);
        Assert.That(Clock(detail, "FirstResponse").GetProperty("metAt").ValueKind, Is.Not.EqualTo(JsonValueKind.Null));
        Assert.That(Clock(detail, "Resolution").GetProperty("metAt").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(Clock(detail, "Resolution").GetProperty("remaining").GetString(), Is.EqualTo("08:00:00"));
    }

    [Test]
    public async Task WaitingOnCustomer_PausesClocks_ResumeMovesDueTimesByThePause()
    {
        var id = await OpenAsync("P2");
        (await _ava.PostAsync($"/api/cases/{id}/claim", null)).EnsureSuccessStatusCode();
        var dueBefore = Clock(await Case(id), "FirstResponse").GetProperty("dueAt").GetDateTimeOffset();
        await Advance(TimeSpan.FromHours(1));
        (await _ava.PostAsync($"/api/cases/{id}/wait-on-customer", null)).EnsureSuccessStatusCode();
        Assert.That(Clock(await Case(id), "FirstResponse").GetProperty("paused").GetBoolean(), Is.True);

        await Advance(TimeSpan.FromHours(5)); // past the original 4 h first-response target
        Assert.That(await Count(id, "SlaBreached"), Is.Zero, "no breach while waiting on the customer");
        Assert.That(await Count(id, "SlaWarning"), Is.Zero);

        (await _ava.PostAsync($"/api/cases/{id}/resume", null)).EnsureSuccessStatusCode();
        var dueAfter = Clock(await Case(id), "FirstResponse").GetProperty("dueAt").GetDateTimeOffset();
        Assert.That(dueAfter - dueBefore, Is.EqualTo(TimeSpan.FromHours(5)));

        await Advance(TimeSpan.FromHours(3) + TimeSpan.FromMinutes(1));
        await WaitForTimeline(id, "SlaBreached");
    }

    [Test]
    public async Task TeamHandoff_ToTeamWithOtherPolicy_ReevaluatesClocksOnTheTimeline()
    {
        using var ada = await _app.ClientFor("ada");
        var billing = _app.TeamIds["Billing"];
        var policy = await ada.GetFromJsonAsync<JsonElement>($"/api/sla-policies/{billing}");
        var targets = policy.GetProperty("targets").EnumerateArray().Select(t => new
        {
            priority = t.GetProperty("priority").GetString(),
            timeToOwnMinutes = t.GetProperty("timeToOwnMinutes").GetInt32(),
            firstResponseMinutes = t.GetProperty("firstResponseMinutes").GetInt32(),
            resolutionMinutes = 30 * 60,
            warningPercent = 80,
            handoffAcknowledgementMinutes = 10,
            escalation = Array.Empty<object>(),
        }).ToArray();
        (await ada.PutAsJsonAsync($"/api/sla-policies/{billing}", new { targets })).EnsureSuccessStatusCode();

        var id = await OpenAsync("P2");
        (await _ava.PostAsync($"/api/cases/{id}/claim", null)).EnsureSuccessStatusCode();
        var offer = await (await _ava.PostAsJsonAsync($"/api/cases/{id}/handoffs", new { toTeamId = billing, note = "Refund needs Billing." })).Content.ReadFromJsonAsync<JsonElement>();
        using var dan = await _app.ClientFor("dan");
        (await dan.PostAsync($"/api/cases/{id}/handoffs/{offer.GetProperty("handoffId").GetGuid()}/accept", null)).EnsureSuccessStatusCode();

        await WaitForTimeline(id, "SlaReevaluated");
        var resolution = Clock(await Case(id), "Resolution");
        Assert.That(resolution.GetProperty("dueAt").GetDateTimeOffset(), Is.EqualTo(_app.Clock.GetUtcNow().AddHours(30)).Within(TimeSpan.FromMinutes(1)));
    }

    [Test]
    public async Task PriorityChange_RecomputesTheClocks()
    {
        var id = await OpenAsync("P4");
        (await _ava.PostAsync($"/api/cases/{id}/claim", null)).EnsureSuccessStatusCode();
        (await _ava.PostAsJsonAsync($"/api/cases/{id}/priority", new { priority = "P1" })).EnsureSuccessStatusCode();
        var detail = await Case(id);
        Assert.That(detail.GetProperty("priority").GetString(), Is.EqualTo("P1"));
        Assert.That(Clock(detail, "Resolution").GetProperty("dueAt").GetDateTimeOffset(), Is.EqualTo(_app.Clock.GetUtcNow().AddHours(8)));
        await Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        await WaitForTimeline(id, "SlaBreached"); // the P1 first-response hour, not P4's two business days
    }

    [Test]
    public async Task UnansweredHandoff_ExpiresOnItsTimer_SenderStillOwns()
    {
        var id = await OpenAsync("P3");
        (await _ava.PostAsync($"/api/cases/{id}/claim", null)).EnsureSuccessStatusCode();
        (await _ava.PostAsJsonAsync($"/api/cases/{id}/handoffs", new { toAgentId = _app.StaffIds["ben"], note = "Please take this over." })).EnsureSuccessStatusCode();
        await Advance(TimeSpan.FromMinutes(31));
        await WaitForTimeline(id, "HandoffExpired");
        var detail = await Case(id);
        Assert.That(detail.GetProperty("ownerId").GetGuid(), Is.EqualTo(_app.StaffIds["ava"]));
        Assert.That(detail.GetProperty("pendingHandoff").ValueKind, Is.EqualTo(JsonValueKind.Null));
        var board = await _sam.GetFromJsonAsync<JsonElement>("/api/board");
        Assert.That(board.GetProperty("overdueHandoffs").EnumerateArray().Select(h => h.GetProperty("case").GetProperty("id").GetGuid()), Does.Contain(id));
    }

    [Test]
    public async Task Promise_RemindsBeforeDue_ThenBreaksAtDue()
    {
        var id = await OpenAsync("P3");
        (await _ava.PostAsync($"/api/cases/{id}/claim", null)).EnsureSuccessStatusCode();
        (await _ava.PostAsJsonAsync($"/api/cases/{id}/promises", new { text = "Call back with the courier's answer", dueAt = _app.Clock.GetUtcNow().AddHours(2) })).EnsureSuccessStatusCode();
        await Advance(TimeSpan.FromMinutes(91));
        await WaitForTimeline(id, "PromiseAtRisk");
        Assert.That(await Count(id, "PromiseBroken"), Is.Zero);
        await Advance(TimeSpan.FromMinutes(30));
        await WaitForTimeline(id, "PromiseBroken");
        var board = await _sam.GetFromJsonAsync<JsonElement>("/api/board");
        Assert.That(board.GetProperty("brokenPromises").GetArrayLength(), Is.EqualTo(1));
    }

    [Test]
    public async Task KeptPromise_NeverBreaks()
    {
        var id = await OpenAsync("P3");
        (await _ava.PostAsync($"/api/cases/{id}/claim", null)).EnsureSuccessStatusCode();
        var made = await (await _ava.PostAsJsonAsync($"/api/cases/{id}/promises", new { text = "Email the label", dueAt = _app.Clock.GetUtcNow().AddHours(1) })).Content.ReadFromJsonAsync<JsonElement>();
        (await _ava.PostAsync($"/api/cases/{id}/promises/{made.GetProperty("promiseId").GetGuid()}/kept", null)).EnsureSuccessStatusCode();
        await Advance(TimeSpan.FromHours(2));
        Assert.That(await Count(id, "PromiseBroken"), Is.Zero);
        Assert.That(await Count(id, "PromiseAtRisk"), Is.Zero);
    }

    [Test]
    public async Task TimerFiringTwice_RecordsTheBreachOnce()
    {
        var id = await OpenAsync("P1");
        await Advance(TimeSpan.FromMinutes(16));
        await WaitForTimeline(id, "SlaBreached");
        await using var scope = _app.Services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        Assert.That(await mediator.Send(new ActOnDeadlinesCommand(id)), Is.False);
        Assert.That(await mediator.Send(new ActOnDeadlinesCommand(id)), Is.False);
        Assert.That(await Count(id, "SlaBreached"), Is.EqualTo(1));
    }

    [Test]
    public async Task StaleTrigger_FiringWithNothingDue_ChangesNothing_NextDeadlineStillFires()
    {
        var id = await OpenAsync("P1");
        var entries = (await _ava.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/timeline")).GetArrayLength();
        var scheduler = await _app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        // As left in a persistent store by a version that armed one trigger per deadline, grouped by case.
        var stale = new TriggerKey("own-warning", id.ToString("N"));
        await scheduler.ScheduleJob(TriggerBuilder.Create(_app.Clock).WithIdentity(stale).ForJob(DeadlineJob.Key).StartAt(_app.Clock.GetUtcNow()).Build(), default);
        await Eventually.Until(async () => await scheduler.GetTrigger(stale), trigger => trigger is null, "the stale trigger to fire");

        Assert.That((await _ava.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/timeline")).GetArrayLength(), Is.EqualTo(entries));
        await Advance(TimeSpan.FromMinutes(16));
        await WaitForTimeline(id, "SlaBreached");
        Assert.That(await Count(id, "SlaBreached"), Is.EqualTo(1));
    }

    [Test]
    public async Task ManyCasesDueTogether_EachBreachRecordedOnce()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 30; i++)
        {
            ids.Add(await OpenAsync("P1", $"Parcel {i} arrived damaged"));
        }

        await Advance(TimeSpan.FromMinutes(16));
        foreach (var id in ids)
        {
            await WaitForTimeline(id, "SlaBreached");
            Assert.That(await Count(id, "SlaBreached"), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task Filters_AndBoard_ShowBreachedAndAtRiskCases()
    {
        var breached = await OpenAsync("P1", "Breached one");
        await Advance(TimeSpan.FromMinutes(12));
        var atRisk = await OpenAsync("P1", "At risk one");
        await Advance(TimeSpan.FromMinutes(4));
        await WaitForTimeline(breached, "SlaBreached");
        await _app.Clock.AdvanceAndSettle(TimeSpan.FromMinutes(8));
        await WaitForTimeline(atRisk, "SlaWarning");

        var breachedList = await _ava.GetFromJsonAsync<JsonElement>("/api/cases?sla=breached");
        var atRiskList = await _ava.GetFromJsonAsync<JsonElement>("/api/cases?sla=atRisk");
        Assert.That(Ids(breachedList.GetProperty("items")), Is.EquivalentTo(new[] { breached }));
        Assert.That(Ids(atRiskList.GetProperty("items")), Is.EquivalentTo(new[] { atRisk }));
        Assert.That(breachedList.GetProperty("items")[0].GetProperty("slaState").GetString(), Is.EqualTo("Breached"));

        var board = await _sam.GetFromJsonAsync<JsonElement>("/api/board");
        Assert.That(board.GetProperty("breached").EnumerateArray().Select(b => b.GetProperty("case").GetProperty("id").GetGuid()), Does.Contain(breached));
        Assert.That(board.GetProperty("atRisk").EnumerateArray().Select(b => b.GetProperty("case").GetProperty("id").GetGuid()), Does.Contain(atRisk));
        Assert.That((await _ava.GetAsync("/api/board")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Restart_AfterDeadlinePassedWhileDown_BreachesOnceOnStart()
    {
        var folder = Directory.CreateTempSubdirectory("recoverydesk-restart").FullName;
        var file = Path.Combine(folder, "desk.db");
        try
        {
            Guid id;
            using (var first = await new DeskApp(file).StartAsync())
            {
                using var ava = await first.ClientFor("ava");
                id = (await first.OpenCaseAsync(ava, priority: "P1")).GetProperty("id").GetGuid();
            }

            using var restarted = new DeskApp(file);
            restarted.Clock.Advance(TimeSpan.FromMinutes(30)); // the service was down past the breach
            await restarted.StartAsync();
            using var sam = await restarted.ClientFor("sam");
            await Eventually.Until(() => CountOn(sam, id, "SlaBreached"), n => n == 1, "the breach missed while down");
            await Eventually.Until(() => CountOn(sam, id, "SlaEscalated"), n => n == 1, "the escalation missed while down");
            await using (var scope = restarted.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new ActOnDeadlinesCommand(id));
            }

            Assert.That(await CountOn(sam, id, "SlaBreached"), Is.EqualTo(1));
            Assert.That(await CountOn(sam, id, "SlaWarning"), Is.Zero, "a warning for a target already missed would only be noise");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task PolicyAdmin_RejectsNonsense_AndNonAdmins()
    {
        using var ada = await _app.ClientFor("ada");
        var team = _app.TeamIds["Front Line"];
        var negative = new
        {
            targets = new[] { "P1", "P2", "P3", "P4" }.Select(p => new
            {
                priority = p, timeToOwnMinutes = -5, firstResponseMinutes = 60, resolutionMinutes = 480,
                warningPercent = 75, handoffAcknowledgementMinutes = 30, escalation = Array.Empty<object>(),
            }),
        };
        Assert.That((await ada.PutAsJsonAsync($"/api/sla-policies/{team}", negative)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ada.PutAsJsonAsync($"/api/calendars/{team}", new { timeZoneId = "Mars/Olympus", workingHours = new[] { new { day = "Monday", start = "09:00:00", end = "17:00:00" } } })).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ada.PutAsJsonAsync($"/api/calendars/{team}", new { timeZoneId = "Europe/London", workingHours = new[] { new { day = "Monday", start = "17:00:00", end = "09:00:00" } } })).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await _ava.PutAsJsonAsync($"/api/calendars/{team}", new { timeZoneId = (string?)null })).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        // A non-admin learns nothing from a malformed body: refused before the input is looked at.
        Assert.That((await _ava.PutAsJsonAsync($"/api/calendars/{team}", new { timeZoneId = "Mars/Olympus" })).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await _sam.PutAsJsonAsync($"/api/sla-policies/{team}", negative)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        var calendar = await ada.PutAsJsonAsync($"/api/calendars/{team}", new
        {
            timeZoneId = "Europe/London",
            workingHours = new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday" }.Select(d => new { day = d, start = "09:00:00", end = "17:00:00" }),
            holidays = new[] { "2026-12-25" },
        });
        Assert.That(calendar.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var read = await _sam.GetFromJsonAsync<JsonElement>($"/api/calendars/{team}");
        Assert.That(read.GetProperty("timeZoneId").GetString(), Is.EqualTo("Europe/London"));
    }

    [Test]
    public async Task BusinessCalendar_CaseOpenedFridayEvening_IsDueOnMonday()
    {
        using var ada = await _app.ClientFor("ada");
        var team = _app.TeamIds["Front Line"];
        (await ada.PutAsJsonAsync($"/api/calendars/{team}", new
        {
            timeZoneId = "Europe/London",
            workingHours = new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday" }.Select(d => new { day = d, start = "09:00:00", end = "17:00:00" }),
        })).EnsureSuccessStatusCode();
        _app.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 6, 18, 0, 0, TimeSpan.Zero)); // Friday 18:00 in London
        var id = await OpenAsync("P2"); // respond within 4 business hours
        var due = Clock(await Case(id), "FirstResponse").GetProperty("dueAt").GetDateTimeOffset();
        Assert.That(due, Is.EqualTo(new DateTimeOffset(2026, 3, 9, 13, 0, 0, TimeSpan.Zero)));
    }

    private static IEnumerable<Guid> Ids(JsonElement items) => items.EnumerateArray().Select(i => i.GetProperty("id").GetGuid());

    private static JsonElement Clock(JsonElement detail, string kind) =>
        detail.GetProperty("clocks").EnumerateArray().Single(c => c.GetProperty("kind").GetString() == kind);

    private static async Task<int> CountOn(HttpClient client, Guid id, string kind) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/timeline")).EnumerateArray().Count(e => e.GetProperty("kind").GetString() == kind);

    private async Task<Guid> OpenAsync(string priority, string subject = "Parcel arrived damaged") =>
        (await _app.OpenCaseAsync(_ava, priority: priority, subject: subject)).GetProperty("id").GetGuid();

    private Task<JsonElement> Case(Guid id) => _ava.GetFromJsonAsync<JsonElement>($"/api/cases/{id}");

    private Task<int> Count(Guid id, string kind) => CountOn(_ava, id, kind);

    private Task WaitForTimeline(Guid id, string kind) => Eventually.Until(() => Count(id, kind), n => n > 0, $"a {kind} entry");

    private Task Advance(TimeSpan by) => _app.Clock.AdvanceAndSettle(by);
}
