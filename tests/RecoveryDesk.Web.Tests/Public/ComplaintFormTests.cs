using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Web.Public;
using RecoveryDesk.Web.Tests.Support;

namespace RecoveryDesk.Web.Tests.Public;

/// <summary>
/// The public complaint form: the admin's setting, a complaint that opens a web case in the chosen
/// team's queue and is acknowledged by mail, and the guards that keep scripts out without a
/// third-party service: honeypot, minimum fill time, address limit, the validation of customer text.
/// </summary>
public sealed class ComplaintFormTests : CustomerDesk
{
    private const string Hostile = "<script>window.__pwned=1</script><img src=x onerror=\"alert(1)\"> & \"quotes\" '; DROP TABLE Cases;--";

    [Test]
    public async Task Submit_WhileOpen_OpensAWebCaseInTheChosenTeamsQueue()
    {
        await OpenFormAsync("Billing");

        var received = await SubmitAsync(Complaint());

        var reference = received.GetProperty("reference").GetString()!;
        var accessCode = received.GetProperty("accessCode").GetString()!;
        var stored = await CaseAsync(reference);
        var dan = await App.ClientFor("dan");
        var queue = await dan.GetFromJsonAsync<JsonElement>("/api/queue");
        var timeline = await Sam.GetFromJsonAsync<JsonElement>($"/api/cases/{stored!.Id}/timeline");
        var view = await ViewAsync(new CustomerLink(stored.Id, reference, accessCode));
        var opened = timeline.EnumerateArray().Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(stored.Channel, Is.EqualTo(Channel.Web));
            Assert.That(stored.TeamId, Is.EqualTo(App.TeamIds["Billing"]));
            Assert.That(stored.Status, Is.EqualTo(CaseStatus.New));
            Assert.That(stored.Priority, Is.EqualTo(Priority.P3));
            Assert.That(stored.Customer, Is.EqualTo(new Customer("Margaret Hill", "m.hill@example.com", "020 7946 0000", "Mrs Hill")));
            Assert.That(stored.Subject, Is.EqualTo("Parcel arrived damaged"));
            Assert.That(stored.Description, Is.EqualTo("The box was crushed and the vase inside is broken."));
            Assert.That(queue.EnumerateArray().Select(c => c.GetProperty("reference").GetString()), Does.Contain(reference), "in Billing's queue");
            Assert.That(opened.GetProperty("actorKind").GetString(), Is.EqualTo("Customer"));
            Assert.That(opened.GetProperty("actorName").GetString(), Is.EqualTo("Margaret Hill"));
            Assert.That(opened.GetProperty("text").GetString(), Is.EqualTo("You sent us this complaint through our web form."));
            Assert.That(Texts(view), Is.EqualTo(new[] { "You sent us this complaint through our web form." }));
            Assert.That(received.GetProperty("statusUrl").GetString(), Does.EndWith($"/status/{reference}#code={accessCode}"));
            Assert.That(received.GetProperty("mailedTo").GetString(), Is.EqualTo("m.hill@example.com"));
            Assert.That(received.TryGetProperty("id", out _), Is.False, "no internal id for the public");
        }
    }

    [Test]
    public async Task Submit_WithAnEmail_WritesTheAcknowledgementWithTheStatusLink()
    {
        await using var smtp = new TestSmtp().Start();
        var settings = new Dictionary<string, string>(smtp.Settings) { ["PublicBaseUrl"] = "https://desk.example.com/" };
        using var own = await OwnDeskWithTheFormOpenAsync(settings);
        var (app, customer) = (own.App, own.Customer);

        var received = await SubmitAsync(customer, Complaint(phone: null));

        var reference = received.GetProperty("reference").GetString()!;
        var accessCode = received.GetProperty("accessCode").GetString()!;
        var mail = (await smtp.WaitForAsync(1, "the acknowledgement")).Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(mail.To.Mailboxes.Single().Address, Is.EqualTo("m.hill@example.com"));
            Assert.That(mail.Subject, Is.EqualTo($"[{reference}] We have your complaint: Parcel arrived damaged"));
            Assert.That(mail.TextBody, Does.StartWith("Dear Mrs Hill,"));
            Assert.That(mail.TextBody, Does.Contain($"https://desk.example.com/status/{reference}#code={accessCode}"));
            Assert.That(received.GetProperty("statusUrl").GetString(), Is.EqualTo($"https://desk.example.com/status/{reference}#code={accessCode}"));
        }
    }

    [Test]
    public async Task Submit_WithOnlyAPhone_OpensTheCaseAndSaysNothingIsMailed()
    {
        await OpenFormAsync();

        var received = await SubmitAsync(Complaint(email: null));

        Assert.That(received.GetProperty("mailedTo").ValueKind, Is.EqualTo(JsonValueKind.Null));
        var stored = await CaseAsync(received.GetProperty("reference").GetString()!);
        Assert.That(stored!.Customer.Phone, Is.EqualTo("020 7946 0000"));
        Assert.That(await MailCountAsync(), Is.Zero);
    }

    [Test]
    public async Task Submit_WithTheHoneypotFilled_AnswersAsAcceptedButOpensAndMailsNothing()
    {
        await OpenFormAsync();

        var received = await SubmitAsync(Complaint(website: "https://cheap-pills.example"));

        var reference = received.GetProperty("reference").GetString()!;
        Assert.That(received.GetProperty("accessCode").GetString(), Is.Not.Empty);
        Assert.That(received.GetProperty("statusUrl").GetString(), Does.Contain($"/status/{reference}#code="));
        Assert.That(received.GetProperty("mailedTo").GetString(), Is.EqualTo("m.hill@example.com"));
        Assert.That(await CaseCountAsync(), Is.Zero);
        Assert.That(await MailCountAsync(), Is.Zero);
        using var lookup = await GetAsync(reference, received.GetProperty("accessCode").GetString());
        Assert.That(lookup.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        // Invalid, it gets the answer a person's invalid complaint gets: nothing tells the two apart.
        var invalid = Complaint(email: null, phone: null, website: "https://cheap-pills.example");
        invalid["formToken"] = await TokenAsync(Customer);
        using var refused = await Customer.PostAsJsonAsync("/api/public/complaints", invalid);
        await AssertFieldErrorAsync(refused, "email", "Give an email address or a phone number");
    }

    [TestCase(null, TestName = "Submit_WithoutAFormToken_IsRefused")]
    [TestCase("", TestName = "Submit_WithAnEmptyFormToken_IsRefused")]
    [TestCase("CfDJ8forged-token-that-no-key-opens", TestName = "Submit_WithAForgedFormToken_IsRefused")]
    public async Task Submit_WithABadFormToken_IsRefusedAndOpensNothing(string? token)
    {
        await OpenFormAsync();
        var complaint = Complaint();
        complaint["formToken"] = token;

        using var response = await Customer.PostAsJsonAsync("/api/public/complaints", complaint);

        await AssertFieldErrorAsync(response, "formToken", "not from our page");
        Assert.That(await CaseCountAsync(), Is.Zero);
    }

    [Test]
    public async Task Submit_SoonerThanTheMinimumFillTime_IsRefused_AndAfterItAccepted()
    {
        using var own = await OwnDeskWithTheFormOpenAsync(new Dictionary<string, string> { ["Complaints:MinimumFillTime"] = "00:00:03" });
        var (app, customer) = (own.App, own.Customer);
        var complaint = Complaint();
        complaint["formToken"] = await TokenAsync(customer);

        app.Clock.Advance(TimeSpan.FromSeconds(2));
        using (var tooSoon = await customer.PostAsJsonAsync("/api/public/complaints", complaint))
        {
            await AssertFieldErrorAsync(tooSoon, "formToken", "quicker than anyone can fill in the form");
        }

        app.Clock.Advance(TimeSpan.FromSeconds(1));
        using var inTime = await customer.PostAsJsonAsync("/api/public/complaints", complaint);
        Assert.That(inTime.StatusCode, Is.EqualTo(HttpStatusCode.Created), await inTime.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Submit_WithAFormLoadedLongerAgoThanItsLifetime_IsRefused()
    {
        await OpenFormAsync();
        var complaint = Complaint();
        complaint["formToken"] = await TokenAsync(Customer);

        App.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromSeconds(1));
        using var response = await Customer.PostAsJsonAsync("/api/public/complaints", complaint);

        await AssertFieldErrorAsync(response, "formToken", "loaded too long ago");
        Assert.That(await CaseCountAsync(), Is.Zero);
    }

    [Test]
    public async Task Submit_PastTheAddressLimit_Is429WithRetryAfter()
    {
        using var own = await OwnDeskWithTheFormOpenAsync(new Dictionary<string, string> { ["Complaints:PerAddressPerHour"] = "2" });
        var (app, customer) = (own.App, own.Customer);

        await SubmitAsync(customer, Complaint());
        using (var refused = await customer.PostAsJsonAsync("/api/public/complaints", Complaint(text: null)))
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a refused form counts too");
        }

        var third = Complaint();
        third["formToken"] = await TokenAsync(customer);
        using var limited = await customer.PostAsJsonAsync("/api/public/complaints", third);

        Assert.That(limited.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), await limited.Content.ReadAsStringAsync());
        Assert.That(limited.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(limited.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        await using var scope = app.Services.CreateAsyncScope();
        Assert.That(await scope.ServiceProvider.GetRequiredService<RecoveryDeskDbContext>().Cases.CountAsync(), Is.EqualTo(1));
    }

    private static IEnumerable<TestCaseData> BadComplaints()
    {
        TestCaseData Case(string name, string field, params (string Key, object? Value)[] changes) =>
            new TestCaseData(changes.Select(c => new[] { c.Key, c.Value }).ToArray(), field).SetName($"Submit_{name}_Is400Naming{field}");

        yield return Case("WithoutEmailOrPhone", "email", ("email", null), ("phone", "  "));
        yield return Case("WithABadEmail", "email", ("email", "not-an-address"));
        yield return Case("WithLettersInThePhone", "phone", ("phone", "call me maybe"));
        yield return Case("WithoutAName", "name", ("name", ""));
        yield return Case("WithANameTooLong", "name", ("name", new string('n', 201)));
        yield return Case("WithoutASubject", "subject", ("subject", null));
        yield return Case("WithASubjectTooLong", "subject", ("subject", new string('s', 201)));
        yield return Case("WithoutText", "text", ("text", "   "));
        yield return Case("WithTextTooLong", "text", ("text", new string('t', 4001)));
        yield return Case("WithControlCharacters", "text", ("text", "Broken\u0007 vase"));
        yield return Case("WithAnAddressTooLong", "preferredAddress", ("preferredAddress", new string('a', 201)));
    }

    [TestCaseSource(nameof(BadComplaints))]
    public async Task Submit_WithBadInput_Is400NamingTheFieldAndOpensNothing(object?[][] changes, string field)
    {
        await OpenFormAsync();
        var complaint = Complaint();
        foreach (var change in changes)
        {
            complaint[(string)change[0]!] = change[1];
        }

        complaint["formToken"] = await TokenAsync(Customer);
        using var response = await Customer.PostAsJsonAsync("/api/public/complaints", complaint);

        await AssertFieldErrorAsync(response, field, string.Empty);
        Assert.That(await CaseCountAsync(), Is.Zero);
    }

    [TestCase("{", TestName = "Submit_WithMalformedJson_Is400")]
    [TestCase("{\"name\": 42, \"subject\": [], \"text\": {}}", TestName = "Submit_WithWrongTypes_Is400")]
    [TestCase("null", TestName = "Submit_WithANullBody_Is400")]
    public async Task Submit_WithAnUnreadableBody_Is400(string body)
    {
        await OpenFormAsync();

        using var response = await Customer.PostAsync("/api/public/complaints", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task Submit_HostileText_IsStoredAndServedAsTheTextItIs()
    {
        await OpenFormAsync();

        var received = await SubmitAsync(Complaint(name: Hostile, subject: Hostile, text: Hostile));

        var reference = received.GetProperty("reference").GetString()!;
        var stored = await CaseAsync(reference);
        using var response = await GetAsync(reference, received.GetProperty("accessCode").GetString());
        var raw = await response.Content.ReadAsStringAsync();
        var view = JsonDocument.Parse(raw).RootElement;
        var detail = await StaffCaseAsync(stored!.Id);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
            Assert.That(response.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }), "never read as HTML");
            Assert.That(view.GetProperty("subject").GetString(), Is.EqualTo(Hostile));
            Assert.That(detail.GetProperty("subject").GetString(), Is.EqualTo(Hostile));
            Assert.That(detail.GetProperty("description").GetString(), Is.EqualTo(Hostile));
            Assert.That(stored.Customer.Name, Is.EqualTo(Hostile));
            Assert.That(await CaseCountAsync(), Is.EqualTo(1), "the SQL text is only text");
        }
    }

    [Test]
    public async Task Form_WithNoSetting_IsClosed_AndAComplaintIs409()
    {
        var state = await Customer.GetFromJsonAsync<JsonElement>("/api/public/complaint-form");
        Assert.That(state.GetProperty("open").GetBoolean(), Is.False);
        Assert.That(state.GetProperty("formToken").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(state.GetProperty("closedText").GetString(), Does.Contain("phone or email"));

        var complaint = Complaint();
        complaint["formToken"] = App.Services.GetRequiredService<ComplaintFormTokens>().Issue();
        using var response = await Customer.PostAsJsonAsync("/api/public/complaints", complaint);

        await AssertClosedAsync(response);
    }

    [Test]
    public async Task Form_SwitchedOff_ClosesThePage_AndKeepsTheTeamForLater()
    {
        await OpenFormAsync("Billing");
        var token = await TokenAsync(Customer);
        using var admin = await App.ClientFor("ada");

        var off = await PutFormAsync(admin, new { enabled = false, teamId = App.TeamIds["Billing"] });

        Assert.That(off.GetProperty("open").GetBoolean(), Is.False);
        Assert.That(off.GetProperty("teamName").GetString(), Is.EqualTo("Billing"));
        var state = await Customer.GetFromJsonAsync<JsonElement>("/api/public/complaint-form");
        Assert.That(state.GetProperty("open").GetBoolean(), Is.False);
        var complaint = Complaint();
        complaint["formToken"] = token;
        using var response = await Customer.PostAsJsonAsync("/api/public/complaints", complaint);
        await AssertClosedAsync(response);
        Assert.That(await CaseCountAsync(), Is.Zero);
    }

    [Test]
    public async Task Setting_ReadAndWrittenByTheAdminOnly()
    {
        using var admin = await App.ClientFor("ada");
        var before = await admin.GetFromJsonAsync<JsonElement>("/api/complaint-form");
        Assert.That(before.GetProperty("enabled").GetBoolean(), Is.False);
        Assert.That(before.GetProperty("teamId").ValueKind, Is.EqualTo(JsonValueKind.Null));

        using (var byAgent = await Ava.GetAsync("/api/complaint-form"))
        using (var bySupervisor = await Sam.PutAsJsonAsync("/api/complaint-form", new { enabled = true, teamId = App.TeamIds["Billing"] }))
        using (var anonymous = await Customer.GetAsync("/api/complaint-form"))
        {
            Assert.That(byAgent.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(bySupervisor.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        var after = await PutFormAsync(admin, new { enabled = true, teamId = App.TeamIds["Billing"] });
        Assert.That(after.GetProperty("open").GetBoolean(), Is.True);
        Assert.That((await admin.GetFromJsonAsync<JsonElement>("/api/complaint-form")).GetProperty("teamName").GetString(), Is.EqualTo("Billing"));
    }

    [Test]
    public async Task Setting_OnWithoutATeamOrWithAnUnknownOne_Is400NamingTeamId()
    {
        using var admin = await App.ClientFor("ada");

        using var withoutTeam = await admin.PutAsJsonAsync("/api/complaint-form", new { enabled = true });
        using var unknownTeam = await admin.PutAsJsonAsync("/api/complaint-form", new { enabled = true, teamId = Guid.NewGuid() });
        using var withoutEnabled = await admin.PutAsJsonAsync("/api/complaint-form", new { teamId = App.TeamIds["Billing"] });

        await AssertFieldErrorAsync(withoutTeam, "teamId", "Choose the team");
        await AssertFieldErrorAsync(unknownTeam, "teamId", "no team with that id");
        await AssertFieldErrorAsync(withoutEnabled, "enabled", string.Empty);
        var state = await Customer.GetFromJsonAsync<JsonElement>("/api/public/complaint-form");
        Assert.That(state.GetProperty("open").GetBoolean(), Is.False);
    }

    private static Dictionary<string, object?> Complaint(
        string? name = "Margaret Hill",
        string? email = "m.hill@example.com",
        string? phone = "020 7946 0000",
        string? subject = "Parcel arrived damaged",
        string? text = "The box was crushed and the vase inside is broken.",
        string? website = "") => new()
        {
            ["name"] = name,
            ["email"] = email,
            ["phone"] = phone,
            ["preferredAddress"] = "Mrs Hill",
            ["subject"] = subject,
            ["text"] = text,
            ["website"] = website,
        };

    private static async Task<JsonElement> PutFormAsync(HttpClient admin, object body)
    {
        using var response = await admin.PutAsJsonAsync("/api/complaint-form", body);
        return await OkAsync(response);
    }

    private async Task OpenFormAsync(string team = "Front Line")
    {
        using var admin = await App.ClientFor("ada");
        await PutFormAsync(admin, new { enabled = true, teamId = App.TeamIds[team] });
    }

    /// <summary>A desk of the test's own, for settings the shared one must not have; the form open for Front Line.</summary>
    private static async Task<OwnDesk> OwnDeskWithTheFormOpenAsync(IDictionary<string, string> settings)
    {
        var app = await new DeskApp(settings: settings).StartAsync();
        using var admin = await app.ClientFor("ada");
        await PutFormAsync(admin, new { enabled = true, teamId = app.TeamIds["Front Line"] });
        return new OwnDesk(app, app.CreateClient());
    }

    private static async Task<string> TokenAsync(HttpClient customer)
    {
        var state = await customer.GetFromJsonAsync<JsonElement>("/api/public/complaint-form");
        Assert.That(state.GetProperty("open").GetBoolean(), Is.True, state.ToString());
        return state.GetProperty("formToken").GetString()!;
    }

    private Task<JsonElement> SubmitAsync(Dictionary<string, object?> complaint) => SubmitAsync(Customer, complaint);

    /// <summary>As the page does it: load the form (its token), send the complaint; fails the test unless it is a 201.</summary>
    private static async Task<JsonElement> SubmitAsync(HttpClient customer, Dictionary<string, object?> complaint)
    {
        complaint["formToken"] = await TokenAsync(customer);
        using var response = await customer.PostAsJsonAsync("/api/public/complaints", complaint);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), text);
        Assert.That(response.Headers.Location?.ToString(), Does.StartWith("/api/public/cases/"));
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task AssertFieldErrorAsync(HttpResponseMessage response, string field, string words)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), text);
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.That(errors.TryGetProperty(field, out var messages), Is.True, text);
        Assert.That(string.Join(" ", messages.EnumerateArray().Select(m => m.GetString())), Does.Contain(words));
    }

    private static async Task AssertClosedAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), text);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("The complaint form is closed"));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("Please phone or email us"));
    }

    private async Task<Case?> CaseAsync(string reference)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RecoveryDeskDbContext>().Cases.AsNoTracking().SingleOrDefaultAsync(c => c.Reference == reference);
    }

    private async Task<int> CaseCountAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RecoveryDeskDbContext>().Cases.CountAsync();
    }

    private async Task<int> MailCountAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RecoveryDeskDbContext>().CustomerMails.CountAsync();
    }

    private sealed record OwnDesk(DeskApp App, HttpClient Customer) : IDisposable
    {
        public void Dispose()
        {
            Customer.Dispose();
            App.Dispose();
        }
    }
}
