using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace RecoveryDesk.Bench;

/// <summary>A signed-in colleague of the bench: their id, display name and bearer token.</summary>
internal sealed record Person(Guid Id, string Email, string Name, string Token);

/// <summary>The HTTP answer to a call that did not give the status the bench expected.</summary>
/// <param name="status">The status the service answered with; null when the answer itself was wrong.</param>
internal sealed class DeskCallException(string message, HttpStatusCode? status = null) : Exception(message)
{
    public HttpStatusCode? Status { get; } = status;
}

/// <summary>
/// The service's public HTTP API as the bench uses it: bearer tokens, JSON in and out. One instance
/// (one connection pool) per service process.
/// </summary>
internal sealed class DeskApi : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
    private readonly HttpClient _http;

    public DeskApi(Uri baseAddress)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1024,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(120) };
    }

    public Uri BaseAddress => _http.BaseAddress!;

    public void Dispose() => _http.Dispose();

    public async Task<string> LoginAsync(string email, string password, CancellationToken ct)
    {
        var body = await SendAsync(HttpMethod.Post, "/api/auth/login", token: null, new { email, password }, HttpStatusCode.OK, ct);
        return body.GetProperty("accessToken").GetString() ?? throw new DeskCallException("The sign-in answer has no access token.");
    }

    public async Task<Person> SignInAsync(string email, CancellationToken ct)
    {
        var token = await LoginAsync(email, DeskService.Password, ct);
        var me = await SendAsync(HttpMethod.Get, "/api/me", token, body: null, HttpStatusCode.OK, ct);
        return new Person(me.GetProperty("id").GetGuid(), email, me.GetProperty("name").GetString()!, token);
    }

    public async Task<Guid> CreateTeamAsync(string adminToken, string name, CancellationToken ct) =>
        (await SendAsync(HttpMethod.Post, "/api/teams", adminToken, new { name }, HttpStatusCode.Created, ct)).GetProperty("id").GetGuid();

    public async Task<Guid> CreateStaffAsync(string adminToken, string email, string displayName, string[] roles, Guid[] teamIds, CancellationToken ct) =>
        (await SendAsync(HttpMethod.Post, "/api/staff", adminToken, new { email, displayName, password = DeskService.Password, roles, teamIds }, HttpStatusCode.Created, ct))
            .GetProperty("id").GetGuid();

    /// <summary>Opens a case as <paramref name="who"/> and returns its id and version.</summary>
    public async Task<(Guid Id, int Version)> OpenCaseAsync(Person who, Guid teamId, string priority, int n, CancellationToken ct)
    {
        var created = await SendAsync(HttpMethod.Post, "/api/cases", who.Token, new
        {
            customer = new { name = $"Bench Customer {n}", email = $"customer{n}@example.com" },
            subject = $"Parcel {n} arrived damaged",
            description = "The box was crushed and the item inside is broken. Customer wants a replacement this week.",
            channel = "Phone",
            priority,
            teamId,
        }, HttpStatusCode.Created, ct);
        return (created.GetProperty("id").GetGuid(), created.GetProperty("version").GetInt32());
    }

    /// <summary>Sends one request and returns the JSON body; throws <see cref="DeskCallException"/> on any other status.</summary>
    public async Task<JsonElement> SendAsync(HttpMethod method, string path, string? token, object? body, HttpStatusCode expected, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, JsonSerializerOptions.Web));
            request.Content.Headers.ContentType = Json;
        }
        else if (method == HttpMethod.Post)
        {
            request.Content = new ByteArrayContent([]);
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        if (response.StatusCode != expected)
        {
            var text = Encoding.UTF8.GetString(bytes);
            throw new DeskCallException($"{method} {path}: {(int)response.StatusCode} {(text.Length > 300 ? text[..300] : text)}", response.StatusCode);
        }

        return bytes.Length == 0 ? default : JsonSerializer.Deserialize<JsonElement>(bytes);
    }

    /// <summary>A GET whose body is read but not parsed: for timing reads.</summary>
    public async Task<int> GetBytesAsync(string path, string token, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new DeskCallException($"GET {path}: {(int)response.StatusCode} {Encoding.UTF8.GetString(bytes)}", response.StatusCode);
        }

        return bytes.Length;
    }
}
