using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RecoveryDesk.Web.Tests.Support;

namespace RecoveryDesk.Web.Tests.Api;

/// <summary>
/// The audit trail over HTTP: each change to configuration and authority is recorded with who, when,
/// what, the subject, before and after (never a password); a refused change records nothing; admins
/// read it newest first, filtered and paged.
/// </summary>
public sealed class AuditTrailTests : ApiFixture
{
    // The trail of a desk of its own, so filters and counts see only this fixture's changes.
    protected override bool NeedsOwnDesk => true;

    private Guid FrontLine => App.TeamIds["Front Line"];

    [Test]
    public async Task CreateStaff_ByAdmin_RecordsTheAdminTheRolesAndTheTeams_NeverThePassword()
    {
        var created = await CreateColleagueAsync("audit-new");

        var entry = await LatestAsync("StaffCreated", created);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(entry.GetProperty("actorId").GetGuid(), Is.EqualTo(App.StaffIds["ada"]));
            Assert.That(entry.GetProperty("actorName").GetString(), Is.EqualTo("Ada Nakamura"));
            Assert.That(entry.GetProperty("before").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(entry.GetProperty("after").GetProperty("roles").EnumerateArray().Select(r => r.GetString()), Is.EqualTo(new[] { "Supervisor" }));
            Assert.That(entry.GetProperty("after").GetProperty("teamIds")[0].GetGuid(), Is.EqualTo(FrontLine));
            Assert.That(entry.ToString(), Does.Not.Contain(DeskApp.Password));
        }
    }

    [Test]
    public async Task Deactivate_ByAdmin_RecordsActiveBeforeAndInactiveAfter()
    {
        var colleague = await CreateColleagueAsync("audit-leaver");

        using var response = await (await As("ada")).PostAsync($"/api/staff/{colleague}/deactivate", null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var entry = await LatestAsync("StaffDeactivated", colleague);
        Assert.That(entry.GetProperty("before").GetProperty("isActive").GetBoolean(), Is.True);
        Assert.That(entry.GetProperty("after").GetProperty("isActive").GetBoolean(), Is.False);
    }

    [Test]
    public async Task TeamMembership_AddedAndRemoved_IsRecordedOnce_AndARepeatedAddRecordsNothing()
    {
        var colleague = await CreateColleagueAsync("audit-mover", teams: []);
        var billing = App.TeamIds["Billing"];
        var ada = await As("ada");

        (await ada.PutAsync($"/api/teams/{billing}/members/{colleague}", null)).EnsureSuccessStatusCode();
        (await ada.PutAsync($"/api/teams/{billing}/members/{colleague}", null)).EnsureSuccessStatusCode();
        (await ada.DeleteAsync($"/api/teams/{billing}/members/{colleague}")).EnsureSuccessStatusCode();

        var added = await EntriesAsync($"what=TeamMemberAdded&who={App.StaffIds["ada"]}");
        Assert.That(added.Where(e => e.GetProperty("subjectId").GetGuid() == colleague).ToList(), Has.Count.EqualTo(1));
        var removed = await LatestAsync("TeamMemberRemoved", colleague);
        Assert.That(removed.GetProperty("before").GetProperty("team").GetString(), Is.EqualTo("Billing"));
        Assert.That(removed.GetProperty("after").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task CreateTeam_ByAdmin_IsRecorded()
    {
        var name = $"Audit Team {Guid.NewGuid():N}";
        using var response = await (await As("ada")).PostAsJsonAsync("/api/teams", new { name });
        var team = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var entry = await LatestAsync("TeamCreated", team);
        Assert.That(entry.GetProperty("after").GetProperty("name").GetString(), Is.EqualTo(name));
    }

    [Test]
    public async Task SlaPolicy_Changed_RecordsTheTermsBeforeAndAfter()
    {
        var team = App.TeamIds["Outpost"];
        using var response = await (await As("ada")).PutAsJsonAsync($"/api/sla-policies/{team}", Policy(timeToOwnMinutes: 7));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());

        var entry = await LatestAsync("SlaPolicyChanged", team);
        Assert.That(entry.GetProperty("before").ToString(), Does.Not.Contain("\"00:07:00\""));
        Assert.That(entry.GetProperty("after").ToString(), Does.Contain("00:07:00"));
        Assert.That(entry.GetProperty("before").ToString(), Is.Not.EqualTo(entry.GetProperty("after").ToString()));
    }

    [Test]
    public async Task Calendar_Changed_RecordsTheCalendarBeforeAndAfter()
    {
        var team = App.TeamIds["Outpost"];
        using var response = await (await As("ada")).PutAsJsonAsync($"/api/calendars/{team}", new
        {
            timeZoneId = "Europe/London",
            workingHours = new[] { new { day = "Monday", start = "09:00", end = "17:00" } },
            holidays = new[] { "2026-12-25" },
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());

        var entry = await LatestAsync("CalendarChanged", team);
        Assert.That(entry.GetProperty("after").ToString(), Does.Contain("Europe/London").And.Contain("2026-12-25"));
        Assert.That(entry.GetProperty("before").ToString(), Does.Not.Contain("2026-12-25"));
    }

    [Test]
    public async Task MailSettings_Changed_RecordsTheDefaultAsNothingBeforeAndTheSenderAfter()
    {
        var team = App.TeamIds["Outpost"];
        var ada = await As("ada");
        (await ada.PutAsJsonAsync($"/api/teams/{team}/mail-settings", new { senderName = "Outpost Care", senderAddress = "care@outpost.example" })).EnsureSuccessStatusCode();
        (await ada.PutAsJsonAsync($"/api/teams/{team}/mail-settings", new { senderName = "Outpost Help", senderAddress = "help@outpost.example" })).EnsureSuccessStatusCode();

        var entries = (await EntriesAsync("what=MailSettingsChanged")).Where(e => e.GetProperty("subjectId").GetGuid() == team).ToList();
        Assert.That(entries, Has.Count.EqualTo(2));
        Assert.That(entries[1].GetProperty("before").ValueKind, Is.EqualTo(JsonValueKind.Null), "the first change starts from the built-in sender");
        Assert.That(entries[0].GetProperty("before").GetProperty("senderAddress").GetString(), Is.EqualTo("care@outpost.example"));
        Assert.That(entries[0].GetProperty("after").GetProperty("senderAddress").GetString(), Is.EqualTo("help@outpost.example"));
    }

    [Test]
    public async Task MailTemplate_ChangedAndReset_IsRecordedWithItsWording()
    {
        var team = App.TeamIds["Billing"];
        var ada = await As("ada");
        using var put = await ada.PutAsJsonAsync($"/api/teams/{team}/mail-templates/Opened", new { subject = "Got it: {{subject}}", body = "{{greeting}},\n\n{{statusLink}}" });
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());
        (await ada.DeleteAsync($"/api/teams/{team}/mail-templates/Opened")).EnsureSuccessStatusCode();

        var changed = await LatestAsync("MailTemplateChanged", team);
        Assert.That(changed.GetProperty("after").GetProperty("subject").GetString(), Is.EqualTo("Got it: {{subject}}"));
        var reset = await LatestAsync("MailTemplateReset", team);
        Assert.That(reset.GetProperty("before").GetProperty("event").GetString(), Is.EqualTo("Opened"));
        Assert.That(reset.GetProperty("after").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task Mailbox_SetAndRemoved_IsRecordedWithThePasswordOnlyAsSet()
    {
        const string secret = "Mailbox-Secret-Audit-1";
        var team = App.TeamIds["Outpost"];
        var ada = await As("ada");
        using var put = await ada.PutAsJsonAsync($"/api/teams/{team}/mailbox", new { host = "127.0.0.1", port = 1, security = "None", user = "audit@mail.test", password = secret, enabled = false });
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());
        (await ada.DeleteAsync($"/api/teams/{team}/mailbox")).EnsureSuccessStatusCode();

        var set = await LatestAsync("MailboxChanged", team);
        var removed = await LatestAsync("MailboxRemoved", team);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(set.GetProperty("before").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(set.GetProperty("after").GetProperty("password").GetString(), Is.EqualTo("(set)"));
            Assert.That(set.GetProperty("after").GetProperty("user").GetString(), Is.EqualTo("audit@mail.test"));
            Assert.That(removed.GetProperty("before").GetProperty("password").GetString(), Is.EqualTo("(set)"));
            Assert.That(await (await ada.GetAsync("/api/audit?pageSize=200")).Content.ReadAsStringAsync(), Does.Not.Contain(secret));
        }
    }

    [Test]
    public async Task ComplaintForm_SwitchedOnAndOff_RecordsTheSettingBeforeAndAfter()
    {
        var ada = await As("ada");
        (await ada.PutAsJsonAsync("/api/complaint-form", new { enabled = true, teamId = FrontLine })).EnsureSuccessStatusCode();
        (await ada.PutAsJsonAsync("/api/complaint-form", new { enabled = false })).EnsureSuccessStatusCode();

        var entries = await EntriesAsync("what=ComplaintFormChanged");
        Assert.That(entries, Has.Count.EqualTo(2));
        Assert.That(entries[1].GetProperty("before").ValueKind, Is.EqualTo(JsonValueKind.Null), "never set before");
        Assert.That(entries[1].GetProperty("after").GetProperty("teamId").GetGuid(), Is.EqualTo(FrontLine));
        Assert.That(entries[0].GetProperty("before").GetProperty("enabled").GetBoolean(), Is.True);
        Assert.That(entries[0].GetProperty("after").GetProperty("enabled").GetBoolean(), Is.False);
    }

    [Test]
    public async Task Reassign_BySupervisor_RecordsTheOwnerBeforeAndAfterAndTheReason()
    {
        var owned = await StageAsync(Stage.Owned);

        await StepAsync("sam", owned, "reassign", new { toAgentId = App.StaffIds["cara"], reason = "Ava is off sick." });

        var entry = await LatestAsync("CaseReassigned", owned.Id);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(entry.GetProperty("actorId").GetGuid(), Is.EqualTo(App.StaffIds["sam"]));
            Assert.That(entry.GetProperty("before").GetProperty("ownerId").GetGuid(), Is.EqualTo(App.StaffIds["ava"]));
            Assert.That(entry.GetProperty("after").GetProperty("ownerId").GetGuid(), Is.EqualTo(App.StaffIds["cara"]));
            Assert.That(entry.GetProperty("after").GetProperty("reason").GetString(), Is.EqualTo("Ava is off sick."));
        }
    }

    [Test]
    public async Task RefusedChanges_RecordNothing()
    {
        var owned = await StageAsync(Stage.Owned);
        var before = await TotalAsync();
        var ada = await As("ada");

        var refused = new List<HttpResponseMessage>
        {
            await (await As("sam")).PutAsJsonAsync($"/api/sla-policies/{FrontLine}", Policy(timeToOwnMinutes: 9)),
            await (await As("ava")).PostAsJsonAsync($"/api/cases/{owned.Id}/reassign", new { toAgentId = App.StaffIds["ben"], reason = "Not mine to give." }),
            await (await As("sam")).PostAsJsonAsync($"/api/cases/{owned.Id}/reassign", new { toAgentId = App.StaffIds["ada"], reason = "Admins own no cases." }),
            await ada.PostAsync($"/api/staff/{App.StaffIds["ada"]}/deactivate", null),
            await ada.PutAsJsonAsync($"/api/teams/{FrontLine}/mailbox", new { host = "127.0.0.1", user = "nopassword@mail.test" }),
            await ada.PostAsJsonAsync("/api/staff", new { email = "weak@test.example", displayName = "Weak Password", password = "short", roles = new[] { "Agent" } }),
            await (await As("ben")).PutAsync($"/api/teams/{FrontLine}/members/{App.StaffIds["dan"]}", null),
        };

        Assert.That(refused.Select(r => (int)r.StatusCode), Has.All.InRange(400, 499));
        refused.ForEach(r => r.Dispose());
        Assert.That(await TotalAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task Filters_ByWhoWhatAndTime_AnswerOnlyTheMatchingChanges_NewestFirst()
    {
        // Past every change the fixture's other tests made.
        App.Clock.Advance(TimeSpan.FromHours(1));
        var start = App.Clock.GetUtcNow();
        var first = await CreateTeamAsync();
        App.Clock.Advance(TimeSpan.FromHours(1));
        var middle = App.Clock.GetUtcNow();
        var second = await CreateTeamAsync();
        var owned = await StageAsync(Stage.Owned);
        await StepAsync("sam", owned, "reassign", new { toAgentId = App.StaffIds["ben"], reason = "Ben knows this customer." });
        App.Clock.Advance(TimeSpan.FromHours(1));
        var end = App.Clock.GetUtcNow();

        var teams = await EntriesAsync($"what=TeamCreated&from={Iso(start)}");
        Assert.That(teams.Select(e => e.GetProperty("subjectId").GetGuid()), Is.EqualTo(new[] { second, first }), "newest first");
        var since = await EntriesAsync($"from={Iso(middle)}&to={Iso(end)}");
        Assert.That(since.Select(e => e.GetProperty("subjectId").GetGuid()), Is.EqualTo(new[] { owned.Id, second }));
        var bySam = await EntriesAsync($"who={App.StaffIds["sam"]}&from={Iso(start)}");
        Assert.That(bySam.Select(e => e.GetProperty("what").GetString()), Is.EqualTo(new[] { "CaseReassigned" }));
        Assert.That(await EntriesAsync($"from={Iso(end)}"), Is.Empty);
        using var badWhat = await (await As("ada")).GetAsync("/api/audit?what=Nonsense");
        Assert.That(badWhat.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using var backwards = await (await As("ada")).GetAsync($"/api/audit?from={Iso(end)}&to={Iso(start)}");
        Assert.That(backwards.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Paging_WalksTheTrailNewestFirst_WithTheTotal()
    {
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var start = App.Clock.GetUtcNow();
        var teams = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            teams.Add(await CreateTeamAsync());
        }

        var ada = await As("ada");
        var pages = new List<JsonElement>();
        for (var page = 1; page <= 3; page++)
        {
            pages.Add(await ada.GetFromJsonAsync<JsonElement>($"/api/audit?what=TeamCreated&from={Iso(start)}&page={page}&pageSize=2"));
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(pages.Select(p => p.GetProperty("total").GetInt32()), Has.All.EqualTo(5));
            Assert.That(pages.Select(p => p.GetProperty("items").GetArrayLength()), Is.EqualTo(new[] { 2, 2, 1 }));
            Assert.That(pages.SelectMany(p => p.GetProperty("items").EnumerateArray()).Select(e => e.GetProperty("subjectId").GetGuid()), Is.EqualTo(Enumerable.Reverse(teams)));
            Assert.That(pages[0].GetProperty("pageSize").GetInt32(), Is.EqualTo(2));
        }

        using var tooLarge = await ada.GetAsync("/api/audit?pageSize=201");
        Assert.That(tooLarge.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [TestCase("ava", HttpStatusCode.Forbidden)]
    [TestCase("sam", HttpStatusCode.Forbidden)]
    [TestCase("ada", HttpStatusCode.OK)]
    public async Task Read_ByRole_OnlyAdminsMayReadTheTrail(string who, HttpStatusCode expected)
    {
        using var response = await (await As(who)).GetAsync("/api/audit");
        Assert.That(response.StatusCode, Is.EqualTo(expected));
    }

    [Test]
    public async Task Read_SignedOut_IsUnauthorized()
    {
        using var response = await Anonymous().GetAsync("/api/audit");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    private static string Iso(DateTimeOffset at) => Uri.EscapeDataString(at.ToString("O", System.Globalization.CultureInfo.InvariantCulture));

    private static object Policy(int timeToOwnMinutes) => new
    {
        targets = new[] { "P1", "P2", "P3", "P4" }.Select((p, i) => new
        {
            priority = p,
            timeToOwnMinutes = timeToOwnMinutes * (i + 1),
            firstResponseMinutes = 60 * (i + 1),
            resolutionMinutes = 480 * (i + 1),
            warningPercent = 75,
            handoffAcknowledgementMinutes = 30,
            escalation = new[] { new { afterBreachMinutes = 0, audience = "TeamSupervisors" } },
        }),
    };

    private async Task<Guid> CreateColleagueAsync(string key, Guid[]? teams = null)
    {
        using var response = await (await As("ada")).PostAsJsonAsync("/api/staff", new
        {
            email = $"{key}-{Guid.NewGuid():N}@test.example",
            displayName = "Audit Colleague",
            password = DeskApp.Password,
            roles = new[] { "Supervisor" },
            teamIds = teams ?? [FrontLine],
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task<Guid> CreateTeamAsync()
    {
        using var response = await (await As("ada")).PostAsJsonAsync("/api/teams", new { name = $"Audit Team {Guid.NewGuid():N}" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task<List<JsonElement>> EntriesAsync(string filter)
    {
        var page = await (await As("ada")).GetFromJsonAsync<JsonElement>($"/api/audit?{filter}&pageSize=200");
        return [.. page.GetProperty("items").EnumerateArray()];
    }

    private async Task<JsonElement> LatestAsync(string what, Guid subject)
    {
        var entries = await EntriesAsync($"what={what}");
        var entry = entries.FirstOrDefault(e => e.GetProperty("subjectId").GetGuid() == subject);
        Assert.That(entry.ValueKind, Is.EqualTo(JsonValueKind.Object), $"a {what} entry about {subject}");
        Assert.That(entry.GetProperty("at").GetDateTimeOffset(), Is.EqualTo(App.Clock.GetUtcNow()), "recorded at the time of the change");
        return entry;
    }

    private async Task<int> TotalAsync() =>
        (await (await As("ada")).GetFromJsonAsync<JsonElement>("/api/audit?pageSize=1")).GetProperty("total").GetInt32();
}
