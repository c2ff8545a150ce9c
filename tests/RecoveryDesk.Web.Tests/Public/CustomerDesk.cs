using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Web.Tests.Support;

namespace RecoveryDesk.Web.Tests.Public;

/// <summary>A case as its customer holds it: the reference and the access code from the link.</summary>
public sealed record CustomerLink(Guid Id, string Reference, string AccessCode);

/// <summary>
/// A fresh desk per test (several tests move the clock by days), Ava and Sam signed in, an anonymous
/// client for the customer, and the steps that bring a case into a state over the staff API.
/// </summary>
public abstract class CustomerDesk
{
    protected static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    protected DeskApp App { get; private set; } = null!;

    protected HttpClient Ava { get; private set; } = null!;

    protected HttpClient Sam { get; private set; } = null!;

    protected HttpClient Customer { get; private set; } = null!;

    /// <summary>Generous limits, so only the tests about limits meet them; those override this.</summary>
    protected virtual IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["RateLimits:CustomerPerAddressPerMinute"] = "100000",
        ["RateLimits:CustomerPerReferencePerMinute"] = "100000",
    };

    [SetUp]
    public async Task StartDeskAsync()
    {
        App = await new DeskApp(settings: Settings).StartAsync();
        Ava = await App.ClientFor("ava");
        Sam = await App.ClientFor("sam");
        Customer = App.CreateClient();
    }

    [TearDown]
    public void StopDesk()
    {
        Ava.Dispose();
        Sam.Dispose();
        Customer.Dispose();
        App.Dispose();
    }

    protected async Task<CustomerLink> OpenAsync(string priority = "P2", string team = "Front Line")
    {
        var created = await App.OpenCaseAsync(Ava, team, priority: priority);
        return new CustomerLink(created.GetProperty("id").GetGuid(), created.GetProperty("reference").GetString()!, created.GetProperty("accessCode").GetString()!);
    }

    protected async Task<CustomerLink> ClaimedAsync()
    {
        var link = await OpenAsync();
        await StaffAsync($"/api/cases/{link.Id}/claim");
        return link;
    }

    protected async Task<CustomerLink> ResolvedAsync()
    {
        var link = await ClaimedAsync();
        await StaffAsync($"/api/cases/{link.Id}/replies", new { text = "I am sorry about the vase; a replacement is on its way." });
        await StaffAsync($"/api/cases/{link.Id}/resolve", new { summary = "A replacement vase was delivered." });
        return link;
    }

    protected async Task<CustomerLink> ClosedAsync()
    {
        var link = await ResolvedAsync();
        await StaffAsync($"/api/cases/{link.Id}/close");
        return link;
    }

    /// <summary>A write as Ava (the owner); fails the test unless it succeeds.</summary>
    protected async Task StaffAsync(string path, object? body = null)
    {
        using var response = body is null ? await Ava.PostAsync(path, null) : await Ava.PostAsJsonAsync(path, body);
        Assert.That(response.IsSuccessStatusCode, Is.True, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>A promise by Ava, due in two days; its id.</summary>
    protected async Task<Guid> PromiseAsync(CustomerLink link, string text)
    {
        using var response = await Ava.PostAsJsonAsync($"/api/cases/{link.Id}/promises", new { text, dueAt = App.Clock.GetUtcNow().AddDays(2) });
        return (await OkOrCreatedAsync(response)).GetProperty("promiseId").GetGuid();
    }

    protected Task<HttpResponseMessage> GetAsync(string reference, string? accessCode) =>
        Customer.SendAsync(Request(HttpMethod.Get, $"/api/public/cases/{reference}", accessCode));

    protected Task<HttpResponseMessage> PostAsync(string reference, string? accessCode, string action, object body)
    {
        var request = Request(HttpMethod.Post, $"/api/public/cases/{reference}/{action}", accessCode);
        request.Content = JsonContent.Create(body);
        return Customer.SendAsync(request);
    }

    /// <summary>The status page as the customer sees it; fails the test unless it is a 200.</summary>
    protected async Task<JsonElement> ViewAsync(CustomerLink link)
    {
        using var response = await GetAsync(link.Reference, link.AccessCode);
        return await OkAsync(response);
    }

    protected async Task<JsonElement> WriteAsync(CustomerLink link, string action, object body)
    {
        using var response = await PostAsync(link.Reference, link.AccessCode, action, body);
        return await OkAsync(response);
    }

    protected async Task<JsonElement> StaffCaseAsync(Guid id) => await Ava.GetFromJsonAsync<JsonElement>($"/api/cases/{id}");

    protected static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A 200 or a 201, read; fails the test otherwise.</summary>
    protected static async Task<JsonElement> OkOrCreatedAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.InRange(200, 201), text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    protected static string[] Texts(JsonElement view) =>
        [.. view.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("text").GetString()!)];

    protected static string[] Kinds(JsonElement view) =>
        [.. view.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("kind").GetString()!)];

    private static HttpRequestMessage Request(HttpMethod method, string path, string? accessCode)
    {
        var request = new HttpRequestMessage(method, path);
        if (accessCode is not null)
        {
            request.Headers.Add("X-Access-Code", accessCode);
        }

        return request;
    }
}

public static class OutboxReading
{
    /// <summary>The audiences of the staff messages the outbox holds for one event of a case (committed with the change itself).</summary>
    public static async Task<string[]> OutboxAudiencesAsync(this DeskApp app, Guid caseId, string eventName)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecoveryDeskDbContext>();
        return await db.OutboxMessages.AsNoTracking()
            .Where(m => m.CaseId == caseId && m.EventName == eventName && !m.IsPublic)
            .Select(m => m.Audiences)
            .ToArrayAsync();
    }
}
