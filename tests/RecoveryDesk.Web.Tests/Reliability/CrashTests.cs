using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace RecoveryDesk.Web.Tests.Reliability;

/// <summary>
/// The crash harness (build/crash.sh): the real service as a child process on a SQLite file, driven
/// through recovery cycles by several clients and killed with SIGKILL at seeded random moments, then
/// restarted. After every kill: the file passes integrity_check, every acknowledged write is there,
/// a claimed case has exactly one owner and one claim, and after the restart every committed
/// change's outbox message is delivered. Explicit: it needs the Release build and takes minutes;
/// CRASH_KILLS sets the number of kills (default 50; crash.sh --ci uses 3).
/// </summary>
[Explicit("Run through build/crash.sh: needs the Release build of the service and takes minutes.")]
[Category("Crash")]
public sealed class CrashTests
{
    internal const string AdminEmail = "crash-admin@crash.test";
    internal const string Password = "Crash-Recovery-2026!";
    private const int Seed = 777;
    private const int Drivers = 4;

    [Test]
    public async Task Service_KilledAtRandomMoments_LosesNoAcknowledgedWriteAndDeliversEveryMessage()
    {
        var kills = int.TryParse(Environment.GetEnvironmentVariable("CRASH_KILLS"), CultureInfo.InvariantCulture, out var n) ? n : 50;
        var dll = Environment.GetEnvironmentVariable("CRASH_SERVICE_DLL") ?? Path.Combine(ServiceProcess.RepositoryRoot(), "src/RecoveryDesk.Web/bin/Release/net10.0/RecoveryDesk.Web.dll");
        Assert.That(File.Exists(dll), Is.True, $"build the service first: dotnet build -c Release src/RecoveryDesk.Web ({dll})");
        var folder = Path.Combine(Path.GetTempPath(), "recoverydesk-crash", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var database = Path.Combine(folder, "desk.db");
        var random = new Random(Seed);
        var acknowledged = new ConcurrentDictionary<Guid, int>();
        var claimed = new ConcurrentDictionary<Guid, Guid>();
        var serverErrors = new ConcurrentBag<string>();
        var setup = (Team: Guid.Empty, Agents: Array.Empty<(Guid Id, string Email)>());
        try
        {
            for (var round = 0; round <= kills; round++)
            {
                using var service = await ServiceProcess.StartAsync(dll, database, Path.Combine(folder, "service.log"), new Dictionary<string, string> { ["Mail__PickupFolder"] = Path.Combine(folder, "mail") });
                using var admin = await SignInAsync(service.BaseAddress, AdminEmail);
                if (round == 0)
                {
                    setup = await SetUpTeamAsync(admin);
                }

                await CheckAsync(service.BaseAddress, admin, database, acknowledged, claimed, round);
                if (round == kills)
                {
                    break;
                }

                var agents = new List<(HttpClient Client, Guid Id)>();
                foreach (var (id, email) in setup.Agents)
                {
                    agents.Add((await SignInAsync(service.BaseAddress, email), id));
                }

                using var stop = new CancellationTokenSource();
                var seed = random.Next();
                var driving = Enumerable.Range(0, Drivers)
                    .Select(i => DriveAsync(agents[i % agents.Count].Client, agents.Select(a => a.Id).ToArray(), setup.Team, new Random(seed + i), acknowledged, claimed, serverErrors, stop.Token))
                    .ToArray();
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(300, 3000)));
                service.Kill();
                await stop.CancelAsync();
                await Task.WhenAll(driving);
                agents.ForEach(a => a.Client.Dispose());

                using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
                await connection.OpenAsync();
                using var integrity = connection.CreateCommand();
                integrity.CommandText = "PRAGMA integrity_check";
                Assert.That(await integrity.ExecuteScalarAsync(), Is.EqualTo("ok"), $"integrity after kill {round + 1}");
            }

            await TestContext.Out.WriteLineAsync($"Crash harness: {kills} kills, {_writes} acknowledged writes on {acknowledged.Count} cases ({claimed.Count} claimed), all present after restarts.");
            Assert.That(serverErrors, Is.Empty, () => string.Join("\n", serverErrors));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS to clean up.
            }
        }
    }

    /// <summary>After a restart: every acknowledged write is in the database, owners are single, the outbox drains.</summary>
    private static async Task CheckAsync(Uri baseAddress, HttpClient admin, string database, ConcurrentDictionary<Guid, int> acknowledged, ConcurrentDictionary<Guid, Guid> claimed, int round)
    {
        var problems = new List<string>();
        using (var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False"))
        {
            await connection.OpenAsync();
            foreach (var (id, version) in acknowledged)
            {
                using var read = connection.CreateCommand();
                read.CommandText = "SELECT Version, OwnerId FROM Cases WHERE upper(Id) = upper($id)";
                read.Parameters.AddWithValue("$id", id.ToString());
                using var row = await read.ExecuteReaderAsync();
                if (!await row.ReadAsync())
                {
                    problems.Add($"{id}: acknowledged but missing after restart");
                    continue;
                }

                var stored = row.GetInt32(0);
                if (stored < version)
                {
                    problems.Add($"{id}: acknowledged version {version}, stored {stored}");
                }

                if (claimed.ContainsKey(id) && row.IsDBNull(1))
                {
                    problems.Add($"{id}: claimed but has no owner");
                }

                using var timeline = connection.CreateCommand();
                timeline.CommandText = "SELECT COUNT(DISTINCT CaseVersion), MIN(CaseVersion), MAX(CaseVersion), SUM(Kind = 'Claimed') FROM TimelineEntries WHERE upper(CaseId) = upper($id)";
                timeline.Parameters.AddWithValue("$id", id.ToString());
                using var entries = await timeline.ExecuteReaderAsync();
                await entries.ReadAsync();
                if (entries.GetInt32(0) != stored || entries.GetInt32(1) != 1 || entries.GetInt32(2) != stored)
                {
                    problems.Add($"{id}: timeline versions are not 1..{stored}");
                }

                if (claimed.ContainsKey(id) && entries.GetInt32(3) != 1)
                {
                    problems.Add($"{id}: {entries.GetInt32(3)} claims recorded");
                }
            }
        }

        // Messages left undelivered by the kill go out shortly after the start.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        long undelivered;
        do
        {
            using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync();
            using var count = connection.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM OutboxMessages WHERE DeliveredAt IS NULL";
            undelivered = (long)(await count.ExecuteScalarAsync())!;
            if (undelivered > 0)
            {
                await Task.Delay(200);
            }
        }
        while (undelivered > 0 && DateTime.UtcNow < deadline);

        if (undelivered > 0)
        {
            problems.Add($"{undelivered} outbox messages still undelivered 30 s after restart {round}");
        }

        using var ready = await admin.GetAsync(new Uri(baseAddress, "/health/ready"));
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(problems, Is.Empty, () => $"after restart {round}:\n{string.Join("\n", problems)}");
    }

    /// <summary>One colleague working cases until the service dies: open, claim, reply, offer, accept, resolve.</summary>
    private static async Task DriveAsync(
        HttpClient client, Guid[] agents, Guid team, Random random, ConcurrentDictionary<Guid, int> acknowledged,
        ConcurrentDictionary<Guid, Guid> claimed, ConcurrentBag<string> serverErrors, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                using var open = new HttpRequestMessage(HttpMethod.Post, "/api/cases")
                {
                    Content = JsonContent.Create(new
                    {
                        customer = new { name = "Crash Customer", email = "crash@example.com" },
                        subject = "Crash cycle",
                        description = "Opened by the crash harness.",
                        channel = "Phone",
                        priority = "P2",
                        teamId = team,
                    }),
                };
                open.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                var created = await WriteAsync(client, open, serverErrors, stop);
                if (created is not { } opened)
                {
                    continue;
                }

                var id = opened.GetProperty("id").GetGuid();
                Acknowledge(acknowledged, id, opened);
                var claim = await WriteAsync(client, new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{id}/claim"), serverErrors, stop);
                if (claim is not { } claimedCase)
                {
                    continue;
                }

                claimed[id] = id;
                Acknowledge(acknowledged, id, claimedCase);
                foreach (var step in new[] { "replies", "notes" })
                {
                    var written = await WriteAsync(client, new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{id}/{step}") { Content = JsonContent.Create(new { text = "Working on it." }) }, serverErrors, stop);
                    if (written is { } ok)
                    {
                        Acknowledge(acknowledged, id, ok);
                    }
                }

                if (random.Next(2) == 0)
                {
                    var resolved = await WriteAsync(client, new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{id}/resolve") { Content = JsonContent.Create(new { summary = "Put right." }) }, serverErrors, stop);
                    if (resolved is { } done)
                    {
                        Acknowledge(acknowledged, id, done);
                    }
                }
                else
                {
                    var to = agents[random.Next(agents.Length)];
                    var offered = await WriteAsync(client, new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{id}/handoffs") { Content = JsonContent.Create(new { toAgentId = to, note = "Over to you." }) }, serverErrors, stop);
                    if (offered is { } offer)
                    {
                        Acknowledge(acknowledged, id, offer);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The service was killed.
        }
    }

    private static int _writes;

    private static void Acknowledge(ConcurrentDictionary<Guid, int> acknowledged, Guid id, JsonElement written)
    {
        Interlocked.Increment(ref _writes);
        acknowledged.AddOrUpdate(id, written.GetProperty("version").GetInt32(), (_, v) => Math.Max(v, written.GetProperty("version").GetInt32()));
    }

    /// <summary>The written body on success; null when refused or when the service died mid-request (not acknowledged).</summary>
    private static async Task<JsonElement?> WriteAsync(HttpClient client, HttpRequestMessage request, ConcurrentBag<string> serverErrors, CancellationToken stop)
    {
        using (request)
        {
            try
            {
                using var response = await client.SendAsync(request, stop);
                var text = await response.Content.ReadAsStringAsync(stop);
                if ((int)response.StatusCode >= 500)
                {
                    serverErrors.Add($"{request.Method} {request.RequestUri}: {(int)response.StatusCode} {text}");
                }

                return response.IsSuccessStatusCode ? JsonSerializer.Deserialize<JsonElement>(text) : null;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(20, CancellationToken.None);
                return null;
            }
            catch (IOException)
            {
                return null;
            }
            catch (JsonException)
            {
                // A body cut off by the kill: the client never saw the acknowledgement.
                return null;
            }
        }
    }

    internal static async Task<(Guid Team, (Guid Id, string Email)[] Agents)> SetUpTeamAsync(HttpClient admin)
    {
        var team = await PostOkAsync(admin, "/api/teams", new { name = "Crash Team" });
        var teamId = team.GetProperty("id").GetGuid();
        var agents = new List<(Guid, string)>();
        for (var i = 1; i <= 3; i++)
        {
            var email = $"crash-agent{i}@crash.test";
            var created = await PostOkAsync(admin, "/api/staff", new { email, displayName = $"Crash Agent {i}", password = Password, roles = new[] { "Agent" }, teamIds = new[] { teamId } });
            agents.Add((created.GetProperty("id").GetGuid(), email));
        }

        return (teamId, [.. agents]);
    }

    internal static async Task<JsonElement> PostOkAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonSerializer.Deserialize<JsonElement>(text);
    }

    internal static async Task<HttpClient> SignInAsync(Uri baseAddress, string email)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password = Password });
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, $"sign-in as {email}: {(int)response.StatusCode} {text}");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", JsonSerializer.Deserialize<JsonElement>(text).GetProperty("accessToken").GetString());
        return client;
    }
}
