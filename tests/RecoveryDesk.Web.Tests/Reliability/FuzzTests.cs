using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using RecoveryDesk.Application.Public;
using RecoveryDesk.Web.Tests.Hubs;

namespace RecoveryDesk.Web.Tests.Reliability;

/// <summary>What a hostile request must get, beyond "never a 500".</summary>
public enum Expect
{
    /// <summary>Any answer but a 5xx (the input may well be valid).</summary>
    Anything,

    /// <summary>A 4xx problem: the input is not acceptable.</summary>
    Refused,

    /// <summary>413: the body is over the size limit.</summary>
    TooLarge,
}

/// <summary>One hostile request: where it goes, what it carries and what it must get.</summary>
public sealed record FuzzRequest(string Label, string Path, string? Body, Expect Expect, string ContentType = "application/json");

/// <summary>
/// Every operation of the live OpenAPI document gets a bounded, seeded set of hostile requests from
/// the caller who may use it: malformed and mistyped JSON, huge and control-laden strings, unicode
/// edge cases, SQL and script text, absurd numbers and dates, junk in the path and the query. No
/// answer may be a 500; refusals are problem details and leave the case as it was.
/// </summary>
public sealed class FuzzTests
{
    private const int Seed = 20261122;
    private const string Hole = "__FUZZ_VALUE__";
    private const string HavocPalette = "{}[]\",:\\0aZ \u0000\u00ff\ud800";
    private const string ScriptAndSql = "<script>alert(1)</script>'; DROP TABLE Cases;--";

    private static readonly string Huge8001 = Quote(new string('a', 8001));

    private static readonly string[] QueryJunk =
    [
        "abc", "-1", "0", "99999999999999999999", "1e309", "%00", "%ED%A0%80", "0001-01-01", "9999-12-31T23%3A59%3A59-14%3A00",
        "0001-01-01T00%3A00%3A00%2B14%3A00", "not%20a%20date", Guid.Empty.ToString(), Uri.EscapeDataString("'; DROP TABLE Cases;--"),
        Uri.EscapeDataString("<script>alert(1)</script>"), new string('q', 3000), "%E2%80%AE%F0%9F%99%82",
    ];

    private ReliabilityDesk _desk = null!;
    private OpenApiRoutes _routes = null!;
    private HttpClient _anonymous = null!;
    private Guid _spareTeam;
    private Guid _spareAgent;
    private string? _otherCode;
    private Guid _savedReply;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _desk = await ReliabilityDesk.StartAsync();
        _anonymous = _desk.App.CreateClient();
        _routes = await OpenApiRoutes.LoadAsync(_anonymous);
        _spareAgent = await _desk.App.AddAgentAsync($"spare-{Guid.NewGuid():N}", "Spare Agent", "Front Line");
        var team = await ReliabilityDesk.PostAsync(await _desk.As("ada"), "/api/teams", new { name = $"Fuzz team {Guid.NewGuid():N}" });
        _spareTeam = team.GetProperty("id").GetGuid();
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _anonymous?.Dispose();
        _desk?.Dispose();
    }

    [Test]
    public async Task EveryOperation_HostileInput_NeverAServerErrorAndRefusalsChangeNothing()
    {
        var random = new Random(Seed);
        var failures = new List<string>();
        var sent = 0;
        var refusedByTransport = 0;
        foreach (var operation in _routes.Operations.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            var caller = CallerFor(operation);
            var onCase = operation.Path.Contains("{id}", StringComparison.Ordinal) || operation.Path.Contains("{reference}", StringComparison.Ordinal);
            var staged = onCase ? await _desk.StageAsync() : null;
            // A saved reply of its own for each operation that names one, in the staged cases' team.
            _savedReply = operation.Path.Contains("{replyId}", StringComparison.Ordinal) ? await SavedReplyAsync() : Guid.Empty;
            var known = staged?.Version ?? 0;
            var client = caller == "customer" || caller == "anonymous" ? _anonymous : await _desk.As(caller);
            foreach (var fuzz in RequestsFor(operation, staged, random))
            {
                using var request = new HttpRequestMessage(new HttpMethod(operation.Method), fuzz.Path);
                if (fuzz.Body is not null)
                {
                    request.Content = new StringContent(fuzz.Body, Encoding.UTF8);
                    request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(fuzz.ContentType);
                }

                if (caller == "customer" && staged is not null)
                {
                    request.Headers.Add("X-Access-Code", staged.AccessCode);
                }

                sent++;
                HttpResponseMessage response;
                try
                {
                    response = await client.SendAsync(request);
                }
                catch (InvalidOperationException refused) when (fuzz.Label.StartsWith("path", StringComparison.Ordinal))
                {
                    // The test server's URL decoder refuses it before the app (Kestrel answers 400 at the request line).
                    refusedByTransport++;
                    await TestContext.Out.WriteLineAsync($"{operation.Method} {fuzz.Path}: refused before the app ({refused.Message})");
                    continue;
                }

                using var disposeResponse = response;
                var status = (int)response.StatusCode;
                var problem = Check(response, status, fuzz);
                if (problem is not null)
                {
                    failures.Add($"{operation.Method} {fuzz.Path} [{fuzz.Label}] as {caller}: {problem}; got {status} {Clip(await response.Content.ReadAsStringAsync())}; sent {Clip(fuzz.Body)}");
                }

                if (staged is not null && operation.IsWrite)
                {
                    var now = await _desk.VersionAsync(staged.Id);
                    if (status >= 400 && now != known)
                    {
                        failures.Add($"{operation.Method} {fuzz.Path} [{fuzz.Label}] as {caller}: refused with {status} but the case moved from version {known} to {now}; sent {Clip(fuzz.Body)}");
                    }

                    known = now;
                }
            }

            if (operation.Key == "POST /api/auth/logout")
            {
                _desk.SignedOut(client);
            }
        }

        await TestContext.Out.WriteLineAsync($"Fuzzed {sent} requests over {_routes.Operations.Count} operations (seed {Seed}); {refusedByTransport} refused by the transport before the app.");
        Assert.That(failures, Is.Empty, () => $"{failures.Count} of {sent} hostile requests were mishandled:\n{string.Join("\n", failures)}");
    }

    [Test]
    public async Task StaffTexts_WithScriptSqlAndUnicode_AreStoredAndReturnedByteForByte()
    {
        string[] texts =
        [
            ScriptAndSql,
            "\"><img src=x onerror=alert(1)> {{7*7}} ${7*7} %s%n%x",
            "Robert'); DELETE FROM OutboxMessages; --",
            "Emoji 🙂👍🏽👨‍👩‍👧 and RTL \u202Eevil\u202C and \u200Fשלום\u200E and zero\u200Bwidth",
            "Line one\nLine two\twith a tab",
        ];
        var staged = await _desk.StageAsync(promise: false, offer: false);
        var ava = await _desk.As("ava");
        foreach (var text in texts)
        {
            await ReliabilityDesk.PostAsync(ava, $"/api/cases/{staged.Id}/notes", new { text });
            await ReliabilityDesk.PostAsync(ava, $"/api/cases/{staged.Id}/replies", new { text });
        }

        var timeline = await (await _desk.As("sam")).GetFromJsonAsync<JsonElement>($"/api/cases/{staged.Id}/timeline");
        var stored = timeline.EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString() is "Note" or "Reply")
            .Select(e => e.GetProperty("text").GetString())
            .ToList();
        Assert.That(stored, Is.EqualTo(texts.SelectMany(t => new[] { t, t })), "notes and replies read back exactly as sent");

        using var customer = _desk.App.CreateClient();
        customer.DefaultRequestHeaders.Add("X-Access-Code", staged.AccessCode);
        var view = await customer.GetFromJsonAsync<JsonElement>($"/api/public/cases/{staged.Reference}");
        var publicTexts = view.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("text").GetString()).ToList();
        Assert.That(publicTexts, Is.SupersetOf(texts), "the customer sees the replies exactly as written");
        Assert.That(publicTexts.Count(texts.Contains), Is.EqualTo(texts.Length), "each reply once; no note shown to the customer");
    }

    [Test]
    public async Task CaseAndCustomerTexts_WithScriptAndSql_AreStoredAndReturnedByteForByte()
    {
        var ava = await _desk.As("ava");
        var created = await ReliabilityDesk.PostAsync(ava, "/api/cases", new
        {
            customer = new { name = "O'Brien <b>Bold</b> 🙂", email = "m.hill@example.com", preferredAddress = "Mx \u202EO'Brien" },
            subject = ScriptAndSql,
            description = "Description with \"quotes\", 'apostrophes', <tags> & ampersands; -- and a comment",
            channel = "Web",
            priority = "P3",
            teamId = _desk.App.TeamIds["Front Line"],
        });
        var id = created.GetProperty("id").GetGuid();
        var detail = await (await _desk.As("sam")).GetFromJsonAsync<JsonElement>($"/api/cases/{id}");
        Assert.Multiple(() =>
        {
            Assert.That(detail.GetProperty("subject").GetString(), Is.EqualTo(ScriptAndSql));
            Assert.That(detail.GetProperty("description").GetString(), Is.EqualTo("Description with \"quotes\", 'apostrophes', <tags> & ampersands; -- and a comment"));
            Assert.That(detail.GetProperty("customer").GetProperty("name").GetString(), Is.EqualTo("O'Brien <b>Bold</b> 🙂"));
            Assert.That(detail.GetProperty("customer").GetProperty("preferredAddress").GetString(), Is.EqualTo("Mx \u202EO'Brien"));
        });

        using var customer = _desk.App.CreateClient();
        customer.DefaultRequestHeaders.Add("X-Access-Code", created.GetProperty("accessCode").GetString());
        var reference = created.GetProperty("reference").GetString();
        using var sent = await customer.PostAsJsonAsync($"/api/public/cases/{reference}/messages", new { text = ScriptAndSql });
        Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.OK), await sent.Content.ReadAsStringAsync());
        var view = await customer.GetFromJsonAsync<JsonElement>($"/api/public/cases/{reference}");
        Assert.That(view.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("text").GetString()), Does.Contain(ScriptAndSql));
        var timeline = await (await _desk.As("sam")).GetFromJsonAsync<JsonElement>($"/api/cases/{id}/timeline");
        Assert.That(timeline.EnumerateArray().Select(e => e.GetProperty("text").GetString()), Does.Contain(ScriptAndSql));
    }

    [Test]
    public async Task StatusHub_WatchWithHostileArguments_RefusesEachAlikeAndStaysUsable()
    {
        var staged = await _desk.StageAsync(promise: false, offer: false);
        await using var watcher = await LiveClient.StatusAsync(_desk.App);
        string?[] references = [null, string.Empty, "   ", new string('R', 8001), "RD-\u0000\u0007", "'; DROP TABLE Cases;--", "<script>alert(1)</script>", "🙂👍🏽\u202E", $"RD-{new string('9', 100)}", staged.Reference];
        string?[] codes = [null, string.Empty, staged.AccessCode[..^1], "'; DROP TABLE Cases;--", new string('c', 8001), _otherCode ??= (await _desk.StageAsync(claim: false)).AccessCode];
        var answers = new List<string>();
        foreach (var reference in references)
        {
            foreach (var code in codes)
            {
                try
                {
                    await watcher.Connection.InvokeAsync<JsonElement>("Watch", reference, code);
                    answers.Add($"accepted {Clip(reference, 40)} / {Clip(code, 40)}");
                }
                catch (HubException refused)
                {
                    answers.Add(refused.Message.EndsWith(PublicCaseAccess.Refusal, StringComparison.Ordinal) ? PublicCaseAccess.Refusal : refused.Message);
                }
            }
        }

        await TestContext.Out.WriteLineAsync($"Watch fuzzed with {answers.Count} hostile pairs.");
        Assert.That(answers.Distinct(), Is.EqualTo(new[] { PublicCaseAccess.Refusal }), "one refusal for every hostile pair");
        var view = await watcher.Connection.InvokeAsync<JsonElement>("Watch", staged.Reference, staged.AccessCode);
        Assert.That(view.GetProperty("reference").GetString(), Is.EqualTo(staged.Reference), "the connection still works");
    }

    [TestCase("to=0001-01-01", 400)]
    [TestCase("to=0001-01-05T00:00:00Z", 200)]
    [TestCase("from=9999-12-31T23:59:59Z", 400)]
    [TestCase("from=0001-01-01&to=9999-12-31", 400)]
    [TestCase("from=2026-03-01&to=2026-03-02", 200)]
    public async Task Metrics_AtTheEdgesOfTheCalendar_AnswerWithoutAServerError(string query, int expected)
    {
        using var response = await (await _desk.As("sam")).GetAsync($"/api/metrics?{query}");

        Assert.That((int)response.StatusCode, Is.EqualTo(expected), await response.Content.ReadAsStringAsync());
    }

    /// <summary>Who may use the operation, so the fuzz reaches its validation rather than stopping at 403.</summary>
    private static string CallerFor(ApiOperation operation)
    {
        var path = operation.Path;
        if (path.StartsWith("/api/public", StringComparison.Ordinal))
        {
            return "customer";
        }

        if (path is "/api/auth/login" or "/api/auth/refresh")
        {
            return "anonymous";
        }

        if (path.EndsWith("/accept", StringComparison.Ordinal) || path.EndsWith("/decline", StringComparison.Ordinal))
        {
            return "ben";
        }

        if (path.EndsWith("/reassign", StringComparison.Ordinal) || path.StartsWith("/api/board", StringComparison.Ordinal) || path.StartsWith("/api/metrics", StringComparison.Ordinal))
        {
            return "sam";
        }

        var admin = path.StartsWith("/api/sla-policies", StringComparison.Ordinal) || path.StartsWith("/api/calendars", StringComparison.Ordinal)
            || ((path.StartsWith("/api/staff", StringComparison.Ordinal) || path.StartsWith("/api/teams", StringComparison.Ordinal)) && operation.IsWrite);
        return admin ? "ada" : "ava";
    }

    private static string? Check(HttpResponseMessage response, int status, FuzzRequest fuzz)
    {
        if (status >= 500)
        {
            return "a server error";
        }

        if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"a {status} that is not application/problem+json ({response.Content.Headers.ContentType})";
        }

        return fuzz.Expect switch
        {
            Expect.Refused when status < 400 => "accepted input that must be refused",
            Expect.TooLarge when status != 413 => "expected 413 for a body over 64 KB",
            _ => null,
        };
    }

    private IEnumerable<FuzzRequest> RequestsFor(ApiOperation operation, FuzzCase? staged, Random random)
    {
        var values = PathValues(staged);
        if (operation.Path.Contains("/saved-replies", StringComparison.Ordinal))
        {
            // The saved reply named is Front Line's, so its writes get past "no such reply".
            values["teamId"] = _desk.App.TeamIds["Front Line"].ToString();
        }

        var path = Fill(operation, values);
        var baseline = operation.BodySchema is { } schema ? Baseline(schema, 0) : null;
        var baselineText = baseline?.ToJsonString();

        // Junk in each path parameter, the rest valid.
        foreach (var parameter in operation.PathParameters)
        {
            foreach (var (label, junk) in PathJunk(random))
            {
                var junked = new Dictionary<string, string>(values) { [parameter] = junk };
                yield return new FuzzRequest($"path {parameter}={label}", Fill(operation, junked), baselineText, Expect.Refused);
            }
        }

        // Junk in each query parameter.
        foreach (var parameter in operation.QueryParameters)
        {
            foreach (var junk in QueryJunk)
            {
                yield return new FuzzRequest($"query {parameter}", $"{path}?{parameter}={junk}", baselineText, Expect.Anything);
            }
        }

        if (!operation.IsWrite)
        {
            yield break;
        }

        yield return new FuzzRequest("100 KB body", path, $"{{\"text\":{Quote(new string('x', 100 * 1024))}}}", Expect.TooLarge);
        if (baseline is null)
        {
            yield return new FuzzRequest("unexpected malformed body", path, "{\"oops\":", Expect.Anything);
            yield break;
        }

        yield return new FuzzRequest("valid", path, baselineText, Expect.Anything);
        yield return new FuzzRequest("empty body", path, string.Empty, Expect.Refused);
        yield return new FuzzRequest("malformed", path, "{\"text\": \"unterminated", Expect.Refused);
        yield return new FuzzRequest("null", path, "null", Expect.Refused);
        yield return new FuzzRequest("array", path, "[]", Expect.Refused);
        yield return new FuzzRequest("string", path, "\"hello\"", Expect.Refused);
        yield return new FuzzRequest("number", path, "1e309", Expect.Refused);
        yield return new FuzzRequest("trailing garbage", path, baselineText + " }{", Expect.Refused);
        yield return new FuzzRequest("empty object", path, "{}", Expect.Anything);
        yield return new FuzzRequest("deep nesting", path, $"{{\"deep\":{new string('[', 3000)}{new string(']', 3000)}}}", Expect.Anything);
        yield return new FuzzRequest("text/plain", path, baselineText, Expect.Refused, "text/plain");
        yield return new FuzzRequest("BOM and NUL outside strings", path, "\uFEFF\0" + baselineText, Expect.Anything);

        foreach (var (location, kind) in Locations(baseline, operation.BodySchema!.Value, []))
        {
            var chosen = ValuesFor(kind).OrderBy(_ => random.Next()).Take(9).ToList();
            if (kind == "string" && !chosen.Any(v => v.Value == Huge8001))
            {
                chosen.Add((Huge8001, Expect.Refused));
            }

            foreach (var (value, expect) in chosen)
            {
                yield return new FuzzRequest($"{string.Join('.', location)}={Clip(value, 40)}", path, With(baseline, location, value), expect);
            }
        }

        // Seeded havoc: a few random characters of the valid body overwritten.
        for (var i = 0; i < 4; i++)
        {
            var chars = baselineText!.ToCharArray();
            for (var j = 0; j < 1 + random.Next(4); j++)
            {
                chars[random.Next(chars.Length)] = HavocPalette[random.Next(HavocPalette.Length)];
            }

            yield return new FuzzRequest($"havoc {i}", path, new string(chars), Expect.Anything);
        }
    }

    private async Task<Guid> SavedReplyAsync()
    {
        var created = await ReliabilityDesk.PostAsync(await _desk.As("sam"), $"/api/teams/{_desk.App.TeamIds["Front Line"]}/saved-replies", new { title = $"Fuzz {Guid.NewGuid():N}", text = "Dear {addressAs}, this is {ownerFirstName}." });
        return created.GetProperty("id").GetGuid();
    }

    private Dictionary<string, string> PathValues(FuzzCase? staged) => new()
    {
        ["replyId"] = _savedReply.ToString(),
        ["id"] = staged?.Id.ToString() ?? Guid.Empty.ToString(),
        ["handoffId"] = staged?.HandoffId?.ToString() ?? Guid.Empty.ToString(),
        ["promiseId"] = staged?.PromiseId?.ToString() ?? Guid.Empty.ToString(),
        ["reference"] = staged?.Reference ?? "RD-222222",
        ["teamId"] = _spareTeam.ToString(),
        ["staffId"] = _spareAgent.ToString(),
    };

    private static string Fill(ApiOperation operation, Dictionary<string, string> values)
    {
        var path = operation.Path;
        foreach (var parameter in operation.PathParameters)
        {
            path = path.Replace($"{{{parameter}}}", values.TryGetValue(parameter, out var value) ? value : Guid.NewGuid().ToString(), StringComparison.Ordinal);
        }

        return path;
    }

    private static IEnumerable<(string Label, string Value)> PathJunk(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        yield return ("random guid", new Guid(bytes).ToString());
        yield return ("empty guid", Guid.Empty.ToString());
        yield return ("not a guid", "not-a-guid");
        yield return ("sql", Uri.EscapeDataString("'; DROP TABLE Cases;--"));
        yield return ("script", Uri.EscapeDataString("<script>alert(1)</script>"));
        yield return ("control", "%01%07");
        yield return ("bad utf-8", "%ED%A0%80%FF");
        yield return ("dot dot", "..%2F..%2Fetc%2Fpasswd");
        yield return ("long", new string('9', 2000));
    }

    /// <summary>Candidate values for a property of the given kind, as raw JSON, with what each must get.</summary>
    private static IEnumerable<(string Value, Expect Expect)> ValuesFor(string kind)
    {
        (string, Expect)[] wrongTypes = [("12345", Expect.Anything), ("true", Expect.Anything), ("[]", Expect.Anything), ("{}", Expect.Anything), ("null", Expect.Anything)];
        IEnumerable<(string, Expect)> specific = kind switch
        {
            "string" =>
            [
                (Huge8001, Expect.Refused), ("\"\"", Expect.Anything), ("\"   \"", Expect.Anything), ("\"bell\\u0007ring\"", Expect.Anything),
                ("\"nul\\u0000byte\"", Expect.Anything), ("\"lone \\ud800 surrogate\"", Expect.Anything), ("\"low \\udc00 alone\"", Expect.Anything),
                ("\"\\u202Eevil\\u202C\"", Expect.Anything), ("\"🙂👍🏽👨‍👩‍👧\"", Expect.Anything), (Quote("'; DROP TABLE Cases;--"), Expect.Anything),
                (Quote("<script>alert(1)</script>"), Expect.Anything), ("\"\\uFEFF\\u200B\"", Expect.Anything), ("1e309", Expect.Refused),
                ("12345", Expect.Refused), ("{}", Expect.Refused), ("[]", Expect.Refused),
            ],
            "integer" or "number" =>
            [
                ("1e309", Expect.Refused), ("-1", Expect.Anything), ("2147483648", Expect.Anything), ("-2147483649", Expect.Anything),
                ("1.5", Expect.Anything), ("\"5\"", Expect.Anything), ("99999999999999999999999", Expect.Anything), ("0", Expect.Anything),
                ("2147483647", Expect.Anything), ("\"NaN\"", Expect.Anything),
            ],
            "date" =>
            [
                ("\"0001-01-01\"", Expect.Anything), ("\"9999-12-31T23:59:59Z\"", Expect.Anything), ("\"not a date\"", Expect.Refused),
                ("\"0001-01-01T00:00:00+14:00\"", Expect.Anything), ("\"9999-12-31T23:59:59-14:00\"", Expect.Anything), ("\"2026-02-30T00:00:00Z\"", Expect.Refused),
                ("\"24:61\"", Expect.Anything), ("5", Expect.Refused), ("1e309", Expect.Refused),
            ],
            "uuid" =>
            [
                ($"\"{Guid.NewGuid()}\"", Expect.Anything), ($"\"{Guid.Empty}\"", Expect.Anything), ("\"not-a-guid\"", Expect.Refused),
                (Quote("'; DROP TABLE Cases;--"), Expect.Refused), ("5", Expect.Refused),
            ],
            "enum" =>
            [
                ("\"P9\"", Expect.Refused), ("\"\"", Expect.Refused), ("1", Expect.Refused), ("\"p1\"", Expect.Anything),
                (Quote("<script>"), Expect.Refused), ("[\"P1\"]", Expect.Refused),
            ],
            "boolean" => [("\"true\"", Expect.Anything), ("1", Expect.Refused), ("\"yes\"", Expect.Refused)],
            "array" =>
            [
                ("[null]", Expect.Anything), ("[1e309]", Expect.Refused), ("\"str\"", Expect.Refused), ("{}", Expect.Refused),
                ($"[{string.Join(',', Enumerable.Repeat("\"x\"", 3000))}]", Expect.Anything), ($"[{Huge8001}]", Expect.Anything),
            ],
            "object" => [("\"str\"", Expect.Refused), ("[]", Expect.Refused), ("5", Expect.Refused)],
            _ => [],
        };
        return specific.Concat(wrongTypes.Where(w => !specific.Any(s => s.Item1 == w.Item1)));
    }

    /// <summary>Every property of the body (one level into nested objects), with the kind of value it takes.</summary>
    private IEnumerable<(string[] Location, string Kind)> Locations(JsonNode? node, JsonElement schema, string[] prefix)
    {
        schema = _routes.Resolve(schema);
        if (!schema.TryGetProperty("properties", out var properties))
        {
            yield break;
        }

        foreach (var property in properties.EnumerateObject())
        {
            var location = prefix.Append(property.Name).ToArray();
            var resolved = _routes.Resolve(property.Value);
            var kind = KindOf(resolved);
            yield return (location, kind);
            if (kind == "object" && prefix.Length == 0 && node?[property.Name] is JsonObject)
            {
                foreach (var nested in Locations(node[property.Name], resolved, location))
                {
                    yield return nested;
                }
            }
        }
    }

    private static string KindOf(JsonElement schema)
    {
        if (schema.TryGetProperty("enum", out _))
        {
            return "enum";
        }

        var type = OpenApiRoutes.TypeOf(schema);
        return (type, OpenApiRoutes.FormatOf(schema)) switch
        {
            ("string", "uuid") => "uuid",
            ("string", "date-time" or "date" or "time") => "date",
            ("string", _) => "string",
            ("integer" or "number", _) => "integer",
            (var other, _) => other,
        };
    }

    /// <summary>A valid-looking body for the schema, built from what each property name means on the desk.</summary>
    private JsonNode? Baseline(JsonElement schema, int depth)
    {
        schema = _routes.Resolve(schema);
        var kind = KindOf(schema);
        if (kind == "array")
        {
            return new JsonArray();
        }

        if (kind != "object" || depth > 3 || !schema.TryGetProperty("properties", out var properties))
        {
            return Generic(schema);
        }

        var body = new JsonObject();
        foreach (var property in properties.EnumerateObject())
        {
            var value = Known(property.Name);
            if (value is not null)
            {
                body[property.Name] = value;
            }
            else if (!Omitted(property.Name))
            {
                body[property.Name] = Baseline(property.Value, depth + 1);
            }
        }

        return body;
    }

    private JsonNode? Known(string name)
    {
        var now = _desk.App.Clock.GetUtcNow();
        return name switch
        {
            "text" => "Hello from the fuzz.",
            "note" => "She was told Monday.",
            "reason" => "A reason the customer knows.",
            "summary" => "Put right.",
            "comment" => "Thanks.",
            "subject" => "Fuzzed subject",
            "description" => "Fuzzed description.",
            "name" => "Margaret Hill",
            "displayName" => "Fuzz Person",
            "email" => $"fuzz-{Guid.NewGuid():N}@test.example",
            "password" => "Not-The-Password-2026!",
            "refreshToken" => "not-a-refresh-token",
            "dueAt" => now.AddDays(2).ToString("O", CultureInfo.InvariantCulture),
            "newDueAt" => now.AddDays(3).ToString("O", CultureInfo.InvariantCulture),
            "toAgentId" => _desk.App.StaffIds["ben"].ToString(),
            "teamId" => _desk.App.TeamIds["Front Line"].ToString(),
            "priority" => "P1",
            "channel" => "Phone",
            "roles" => new JsonArray("Agent"),
            "teamIds" => new JsonArray(),
            "timeZoneId" => "Europe/London",
            "satisfaction" => 5,
            "recommend" => 10,
            "buyAgain" => "Yes",
            "resolved" => true,
            _ => null,
        };
    }

    /// <summary>Optional properties a valid body leaves out (a hand-off names an agent or a team, not both).</summary>
    private static bool Omitted(string name) => name is "toTeamId" or "phone" or "category" or "preferredAddress";

    private static JsonNode? Generic(JsonElement schema) => KindOf(schema) switch
    {
        "uuid" => Guid.NewGuid().ToString(),
        "date" => "2026-12-25",
        "enum" => schema.GetProperty("enum").EnumerateArray().Select(e => JsonNode.Parse(e.GetRawText())).FirstOrDefault(e => e is not null),
        "string" => "text",
        "integer" => 1,
        "boolean" => true,
        "array" => new JsonArray(),
        _ => null,
    };

    /// <summary>The baseline with one property set to a raw JSON value.</summary>
    private static string With(JsonNode? baseline, string[] location, string rawValue)
    {
        var copy = baseline!.DeepClone().AsObject();
        var target = copy;
        foreach (var step in location[..^1])
        {
            target = target[step] as JsonObject ?? new JsonObject();
        }

        target[location[^1]] = Hole;
        return copy.ToJsonString().Replace($"\"{Hole}\"", rawValue, StringComparison.Ordinal);
    }

    private static string Quote(string text) => JsonSerializer.Serialize(text);

    private static string Clip(string? text, int length = 300) =>
        text is null ? "(no body)" : text.Length <= length ? text : $"{text[..length]}…({text.Length} chars)";
}
