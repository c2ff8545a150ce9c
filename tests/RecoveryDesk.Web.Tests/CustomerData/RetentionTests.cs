using System.Net.Http.Json;
using System.Text.Json;
using RecoveryDesk.Web.Tests.Public;
using RecoveryDesk.Web.Tests.Support;

namespace RecoveryDesk.Web.Tests.CustomerData;

/// <summary>The retention setting: closed cases are anonymised by the desk's timer once the period has passed on the fake clock.</summary>
public sealed class RetentionTests : CustomerDesk
{
    protected override IDictionary<string, string> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Retention:AnonymiseClosedAfterMonths"] = "1";
            return settings;
        }
    }

    [Test]
    public async Task Retention_ClockPastThePeriod_AnonymisesClosedCasesOnly_AndAuditsTheRun()
    {
        var closed = await ClosedAsync();
        var open = await ClaimedAsync();

        await App.Clock.AdvanceAndSettle(TimeSpan.FromDays(40));
        // Sign-ins of 40 days ago have expired.
        using var ava = await App.ClientFor("ava");
        var recent = (await App.OpenCaseAsync(ava)).GetProperty("id").GetGuid();
        foreach (var (step, body) in new (string, object?)[] { ("claim", null), ("resolve", new { summary = "Sorted." }), ("close", null) })
        {
            using var done = body is null ? await ava.PostAsync($"/api/cases/{recent}/{step}", null) : await ava.PostAsJsonAsync($"/api/cases/{recent}/{step}", body);
            Assert.That(done.IsSuccessStatusCode, Is.True, step);
        }

        Task<JsonElement> Read(Guid id) => ava.GetFromJsonAsync<JsonElement>($"/api/cases/{id}");
        var erased = await Eventually.Until(
            () => Read(closed.Id),
            c => c.GetProperty("customer").GetProperty("name").GetString() == "Erased customer",
            "the closed case anonymised by the retention timer",
            30);
        using var ada = await App.ClientFor("ada");
        var audit = await Eventually.Until(
            () => ada.GetFromJsonAsync<JsonElement>("/api/audit?what=ClosedCasesAnonymised"),
            a => a.GetProperty("total").GetInt32() > 0,
            "the run in the audit trail");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(erased.GetProperty("status").GetString(), Is.EqualTo("Closed"));
            Assert.That(erased.GetProperty("subject").GetString(), Is.EqualTo("(erased)"));
            Assert.That(erased.GetProperty("customer").GetProperty("email").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That((await Read(open.Id)).GetProperty("customer").GetProperty("name").GetString(), Is.EqualTo("Margaret Hill"), "an open case is kept");
            Assert.That((await Read(recent)).GetProperty("customer").GetProperty("name").GetString(), Is.EqualTo("Margaret Hill"), "a case closed within the period is kept");
            Assert.That(audit.GetProperty("items")[0].GetProperty("after").GetProperty("cases").GetInt32(), Is.EqualTo(1));
        }
    }
}
