using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using RecoveryDesk.Web.Tests.Support;

namespace RecoveryDesk.Web.Tests.Hubs;

/// <summary>The HTTP steps the live tests take, answered as JSON.</summary>
public static class DeskSteps
{
    public static async Task<JsonElement> PostOkAsync(this HttpClient client, string path, object? body = null)
    {
        var response = await client.PostAsJsonAsync(path, body ?? new { });
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, () => $"POST {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(text);
    }

    /// <summary>Opens a case and returns its id.</summary>
    public static async Task<Guid> OpenAsync(this DeskApp app, HttpClient client, string team = "Front Line") =>
        (await app.OpenCaseAsync(client, team)).GetProperty("id").GetGuid();

    /// <summary>Opens a case and has <paramref name="owner"/> claim it; returns its id.</summary>
    public static async Task<Guid> OpenOwnedAsync(this DeskApp app, HttpClient owner, string team = "Front Line")
    {
        var id = await app.OpenAsync(owner, team);
        await owner.PostOkAsync($"/api/cases/{id}/claim");
        return id;
    }

    /// <summary>The sign-in cookie the web pages use, as a Cookie header value.</summary>
    public static async Task<string> SignInCookieAsync(this DeskApp app, string key)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        var response = await client.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email = DeskApp.EmailOf(key), password = DeskApp.Password });
        response.EnsureSuccessStatusCode();
        return string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
    }
}
