using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RecoveryDesk.Web.Tests.Support;

namespace RecoveryDesk.Web.Tests.Public;

/// <summary>The recovery and loyalty figures over a small desk day whose every number is known.</summary>
public sealed class MetricsTests : CustomerDesk
{
    private const string Day = "from=2026-03-02T00:00:00Z&to=2026-03-04T00:00:00Z";

    [Test]
    public async Task Metrics_KnownDay_GivesExactFigures()
    {
        await StageKnownDayAsync();
        var metrics = await Sam.GetFromJsonAsync<JsonElement>($"/api/metrics?{Day}");
        var totals = metrics.GetProperty("totals");
        var sla = totals.GetProperty("slaCompliance").EnumerateArray().ToDictionary(c => c.GetProperty("clock").GetString()!);
        Assert.Multiple(() =>
        {
            // Loyalty: answers (5, Yes, 10), (5, Yes, 9), (4, NotSure, 7), (2, No, 3).
            Assert.That(totals.GetProperty("feedbackResponses").GetInt32(), Is.EqualTo(4));
            Assert.That(totals.GetProperty("nps").GetDouble(), Is.EqualTo(25.0));
            Assert.That(totals.GetProperty("promotersPercent").GetDouble(), Is.EqualTo(50.0));
            Assert.That(totals.GetProperty("detractorsPercent").GetDouble(), Is.EqualTo(25.0));
            Assert.That(totals.GetProperty("csatMeanSatisfaction").GetDouble(), Is.EqualTo(4.0));
            Assert.That(totals.GetProperty("csatPercent").GetDouble(), Is.EqualTo(75.0));
            Assert.That(totals.GetProperty("topBoxPercent").GetDouble(), Is.EqualTo(50.0));

            // SLA: five time-to-own clocks met, one of them late (the P1 claimed after 30 min); four first responses
            // and three resolutions on time (the reopened case's resolution clock runs again).
            Assert.That(sla["Own"].GetProperty("completed").GetInt32(), Is.EqualTo(5));
            Assert.That(sla["Own"].GetProperty("metOnTime").GetInt32(), Is.EqualTo(4));
            Assert.That(sla["Own"].GetProperty("percent").GetDouble(), Is.EqualTo(80.0));
            Assert.That(sla["FirstResponse"].GetProperty("percent").GetDouble(), Is.EqualTo(100.0));
            Assert.That(sla["FirstResponse"].GetProperty("completed").GetInt32(), Is.EqualTo(4));
            Assert.That(sla["Resolution"].GetProperty("completed").GetInt32(), Is.EqualTo(3));
            Assert.That(totals.GetProperty("slaCompliancePercent").GetDouble(), Is.EqualTo(91.7), "11 of 12");

            // First responses after 0, 6, 30 and 60 minutes; resolutions after 30, 60, 60, 60.
            Assert.That(totals.GetProperty("firstResponses").GetInt32(), Is.EqualTo(4));
            Assert.That(totals.GetProperty("medianFirstResponseMinutes").GetDouble(), Is.EqualTo(18.0));
            Assert.That(totals.GetProperty("resolutions").GetInt32(), Is.EqualTo(4));
            Assert.That(totals.GetProperty("medianResolutionMinutes").GetDouble(), Is.EqualTo(60.0));
            Assert.That(totals.GetProperty("handoffsAccepted").GetInt32(), Is.EqualTo(1));
            Assert.That(totals.GetProperty("medianHandoffAcceptanceMinutes").GetDouble(), Is.EqualTo(6.0));
            Assert.That(totals.GetProperty("promisesKept").GetInt32(), Is.EqualTo(1));
            Assert.That(totals.GetProperty("promisesBroken").GetInt32(), Is.EqualTo(1));
            Assert.That(totals.GetProperty("promisesKeptPercent").GetDouble(), Is.EqualTo(50.0));
            Assert.That(totals.GetProperty("reopens").GetInt32(), Is.EqualTo(1));
            Assert.That(totals.GetProperty("reopenRatePercent").GetDouble(), Is.EqualTo(25.0));
        });

        var daily = metrics.GetProperty("daily").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(daily.Select(d => d.GetProperty("date").GetString()), Is.EqualTo(new[] { "2026-03-02", "2026-03-03" }));
            Assert.That(daily[0].GetProperty("figures").GetProperty("nps").GetDouble(), Is.EqualTo(25.0));
            Assert.That(daily[0].GetProperty("figures").GetProperty("topBoxPercent").GetDouble(), Is.EqualTo(50.0));
            Assert.That(daily[1].GetProperty("figures").GetProperty("feedbackResponses").GetInt32(), Is.Zero);
            Assert.That(daily[1].GetProperty("figures").GetProperty("nps").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });

        var billing = await Sam.GetFromJsonAsync<JsonElement>($"/api/metrics?{Day}&teamId={App.TeamIds["Billing"]}");
        Assert.That(billing.GetProperty("totals").GetProperty("feedbackResponses").GetInt32(), Is.Zero, "another team's figures are its own");
        Assert.That(billing.GetProperty("totals").GetProperty("resolutions").GetInt32(), Is.Zero);
    }

    [Test]
    public async Task Metrics_PerColleague_CountTheirShare_AndTheCsvHoldsDaysTotalAndColleagues()
    {
        await StageKnownDayAsync();
        var metrics = await Sam.GetFromJsonAsync<JsonElement>($"/api/metrics?{Day}");
        var agents = metrics.GetProperty("agents").EnumerateArray().ToDictionary(a => a.GetProperty("name").GetString()!);
        var totals = metrics.GetProperty("totals");
        using var csv = await Sam.GetAsync($"/api/metrics/csv?{Day}");
        var text = await csv.Content.ReadAsStringAsync();
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        using var agent = await Ava.GetAsync($"/api/metrics/csv?{Day}");
        Assert.Multiple(() =>
        {
            Assert.That(agents.Keys, Does.Contain("Ava Thompson"));
            Assert.That(agents.Values.Sum(a => a.GetProperty("figures").GetProperty("resolutions").GetInt32()),
                Is.EqualTo(totals.GetProperty("resolutions").GetInt32()), "each resolution counts for the colleague who wrote it");
            Assert.That(agents.Values.Sum(a => a.GetProperty("figures").GetProperty("feedbackResponses").GetInt32()),
                Is.EqualTo(totals.GetProperty("feedbackResponses").GetInt32()), "each answer counts for the case's owner");
            Assert.That(csv.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"));
            Assert.That(csv.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("attachment"));
            Assert.That(lines[0], Does.StartWith("row,day or colleague,sla_compliance_percent,"));
            Assert.That(lines.Count(l => l.StartsWith("day,", StringComparison.Ordinal)), Is.EqualTo(2));
            Assert.That(lines.Single(l => l.StartsWith("total,", StringComparison.Ordinal)), Does.Contain(",91.7,"));
            Assert.That(lines, Has.Some.StartWith("colleague,Ava Thompson,"));
            Assert.That(agent.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "figures are for supervisors");
        });
    }

    [Test]
    public void MetricsCsv_ANameASpreadsheetWouldRun_StaysText()
    {
        var none = new Application.Supervision.MetricFigures(null, [], null, 0, null, 0, null, 0, null, 0, 0, null, null, 0, null, null, null, null, null, 0);
        var metrics = new Application.Supervision.Metrics(Start, Start.AddDays(1), null, none, [], [new(Guid.NewGuid(), "=HYPERLINK(\"x\",\"y\")", none)]);

        var text = Application.Supervision.MetricsCsv.Of(metrics);

        Assert.That(text, Does.Contain("colleague,\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\","));
    }

    [TestCase("from=2026-03-04T00:00:00Z&to=2026-03-02T00:00:00Z", TestName = "Metrics_FromAfterTo_IsABadRequest")]
    [TestCase("from=2026-03-02T00:00:00Z&to=2026-03-02T00:00:00Z", TestName = "Metrics_EmptyPeriod_IsABadRequest")]
    [TestCase("from=2025-01-01T00:00:00Z&to=2026-03-02T00:00:00Z", TestName = "Metrics_MoreThan400Days_IsABadRequest")]
    [TestCase("from=yesterday", TestName = "Metrics_UnreadableDate_IsABadRequest")]
    public async Task Metrics_BadPeriod_IsABadRequest(string query)
    {
        using var response = await Sam.GetAsync($"/api/metrics?{query}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Metrics_UnknownTeam_IsABadRequest()
    {
        using var response = await Sam.GetAsync($"/api/metrics?teamId={Guid.NewGuid()}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Metrics_ForAnAgent_IsForbidden_AndWithoutDates_CoverTheLast30Days()
    {
        using var agent = await Ava.GetAsync("/api/metrics");
        Assert.That(agent.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        var metrics = await Sam.GetFromJsonAsync<JsonElement>("/api/metrics");
        Assert.Multiple(() =>
        {
            Assert.That(metrics.GetProperty("to").GetDateTimeOffset(), Is.EqualTo(Start));
            Assert.That(metrics.GetProperty("from").GetDateTimeOffset(), Is.EqualTo(Start.AddDays(-30)));
            Assert.That(metrics.GetProperty("daily").GetArrayLength(), Is.EqualTo(31), "30 days from 09:00 touch 31 dates");
        });
    }

    /// <summary>
    /// 09:00 four P2 cases A-D and a P1 case F open. Ava claims A-D at once; replies to A; promises on A (due 09:30)
    /// and B (due 09:20); offers C to Ben. 09:06 Ben accepts C; Ava keeps A's promise and replies to B. 09:30 B's
    /// promise has broken; Ben replies to C; Ava claims F (15 min late) and resolves A. 10:00 B, C, D are resolved
    /// (D's first response with it); the customers answer; A's customer writes and reopens it.
    /// </summary>
    private async Task StageKnownDayAsync()
    {
        using var ben = await App.ClientFor("ben");
        var (a, b, c, d) = (await OpenAsync(), await OpenAsync(), await OpenAsync(), await OpenAsync());
        var f = await OpenAsync("P1");
        foreach (var link in new[] { a, b, c, d })
        {
            await StaffAsync($"/api/cases/{link.Id}/claim");
        }

        await StaffAsync($"/api/cases/{a.Id}/replies", new { text = "On it." });
        var promiseA = await Ava.PostAsJsonAsync($"/api/cases/{a.Id}/promises", new { text = "Call back.", dueAt = Start.AddMinutes(30) });
        var promiseAId = (await promiseA.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("promiseId").GetGuid();
        await StaffAsync($"/api/cases/{b.Id}/promises", new { text = "Email the label.", dueAt = Start.AddMinutes(20) });
        var offer = await Ava.PostAsJsonAsync($"/api/cases/{c.Id}/handoffs", new { toAgentId = App.StaffIds["ben"], note = "Billing question." });
        var handoffId = (await offer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("handoffId").GetGuid();

        App.Clock.Advance(TimeSpan.FromMinutes(6));
        (await ben.PostAsync($"/api/cases/{c.Id}/handoffs/{handoffId}/accept", null)).EnsureSuccessStatusCode();
        await StaffAsync($"/api/cases/{a.Id}/promises/{promiseAId}/kept");
        await StaffAsync($"/api/cases/{b.Id}/replies", new { text = "Looking into it." });

        App.Clock.Advance(TimeSpan.FromMinutes(24));
        await Eventually.Until(
            () => StaffCaseAsync(b.Id),
            detail => detail.GetProperty("promises")[0].GetProperty("status").GetString() == "Broken",
            "B's promise to break");
        (await ben.PostAsJsonAsync($"/api/cases/{c.Id}/replies", new { text = "I have it now." })).EnsureSuccessStatusCode();
        await StaffAsync($"/api/cases/{f.Id}/claim");
        await StaffAsync($"/api/cases/{a.Id}/resolve", new { summary = "Refunded." });

        App.Clock.Advance(TimeSpan.FromMinutes(30));
        await StaffAsync($"/api/cases/{b.Id}/resolve", new { summary = "Label sent." });
        (await ben.PostAsJsonAsync($"/api/cases/{c.Id}/resolve", new { summary = "Credited." })).EnsureSuccessStatusCode();
        await StaffAsync($"/api/cases/{d.Id}/resolve", new { summary = "Replaced." });
        await WriteAsync(a, "feedback", new { satisfaction = 5, buyAgain = "Yes", recommend = 10 });
        await WriteAsync(b, "feedback", new { satisfaction = 5, buyAgain = "Yes", recommend = 9 });
        await WriteAsync(c, "feedback", new { satisfaction = 4, buyAgain = "NotSure", recommend = 7 });
        await WriteAsync(d, "feedback", new { satisfaction = 2, buyAgain = "No", recommend = 3 });
        await WriteAsync(a, "messages", new { text = "It came back." });
    }
}
