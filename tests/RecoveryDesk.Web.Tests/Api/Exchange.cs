using System.Net;
using System.Text;
using System.Text.Json;

namespace RecoveryDesk.Web.Tests.Api;

/// <summary>Reading answers the way a client of the contract does: JSON bodies, ETags and problem details.</summary>
public static class Exchange
{
    public static StringContent RawJson(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>The body as JSON; reads the buffered text, so it can be read more than once.</summary>
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());

    /// <summary>Asserts an RFC 9457 answer with the given status and returns its body.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), () => $"body: {text}");
        return response.ProblemBody(text);
    }

    /// <summary>Asserts some 4xx RFC 9457 answer (never a 500) whose body names the same status, and returns the body.</summary>
    public static async Task<JsonElement> ClientProblemAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.InRange(400, 499), () => $"body: {text}");
        return response.ProblemBody(text);
    }

    /// <summary>The version a write reported, after checking the ETag carries the same number.</summary>
    public static async Task<int> WrittenVersionAsync(this HttpResponseMessage response)
    {
        var body = await response.ReadJsonAsync();
        var version = body.GetProperty("version").GetInt32();
        Assert.That(response.Headers.ETag?.Tag, Is.EqualTo($"\"{version}\""), "the ETag is the written version");
        return version;
    }

    private static JsonElement ProblemBody(this HttpResponseMessage response, string text)
    {
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), () => $"body: {text}");
        var problem = JsonSerializer.Deserialize<JsonElement>(text);
        Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo((int)response.StatusCode), "the problem's status matches the response");
        return problem;
    }
}
