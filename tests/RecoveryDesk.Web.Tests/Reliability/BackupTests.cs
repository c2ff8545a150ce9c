using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using RecoveryDesk.Web.Tests.Support;

namespace RecoveryDesk.Web.Tests.Reliability;

/// <summary>
/// The backup verb against the real service (a child process on a SQLite file) while colleagues keep
/// writing: the copy opens, passes integrity_check and holds every write acknowledged before the backup
/// started. Seconds each, on the service built beside these tests.
/// </summary>
[Category("Crash")]
public sealed class BackupTests
{
    private const int Writers = 3;

    private string _folder = null!;
    private string _database = null!;

    [SetUp]
    public void CreateFolder()
    {
        _folder = ServiceProcess.NewFolder("backup");
        _database = Path.Combine(_folder, "desk.db");
    }

    [TearDown]
    public void RemoveFolder() => ServiceProcess.RemoveFolder(_folder);

    [Test]
    public async Task Backup_WhileColleaguesWrite_CopyIsIntactAndHoldsEveryWriteAcknowledgedBeforeIt()
    {
        var copy = Path.Combine(_folder, "copies", "desk-backup.db");
        var acknowledged = new ConcurrentDictionary<Guid, int>();
        using var service = await ServiceProcess.StartAsync(ServiceProcess.BuiltBesideTests(), _database, Path.Combine(_folder, "service.log"));
        using var admin = await CrashTests.SignInAsync(service.BaseAddress, CrashTests.AdminEmail);
        var (team, agents) = await CrashTests.SetUpTeamAsync(admin);
        var clients = new List<HttpClient>();
        foreach (var (_, email) in agents)
        {
            clients.Add(await CrashTests.SignInAsync(service.BaseAddress, email));
        }

        using var stop = new CancellationTokenSource();
        var writing = Enumerable.Range(0, Writers).Select(i => WriteAsync(clients[i % clients.Count], team, acknowledged, stop.Token)).ToArray();
        await Eventually.Until(() => Task.FromResult(acknowledged.Count), count => count >= 20, "the colleagues have written for a while", timeoutSeconds: 60);

        var before = new Dictionary<Guid, int>(acknowledged);
        var (exitCode, output) = await ServiceProcess.RunVerbAsync(ServiceProcess.BuiltBesideTests(), _database, ["backup", copy]);
        var during = acknowledged.Count(pair => !before.TryGetValue(pair.Key, out var version) || pair.Value > version);
        await Eventually.Until(() => Task.FromResult(acknowledged.Count), count => count > before.Count, "writes go on after the backup", timeoutSeconds: 30);
        await stop.CancelAsync();
        await Task.WhenAll(writing);
        clients.ForEach(c => c.Dispose());

        Assert.That(exitCode, Is.Zero, output);
        using var connection = new SqliteConnection($"Data Source={copy};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        using var integrity = connection.CreateCommand();
        integrity.CommandText = "PRAGMA integrity_check";
        Assert.That(await integrity.ExecuteScalarAsync(), Is.EqualTo("ok"));
        var missing = new List<string>();
        foreach (var (id, version) in before)
        {
            using var read = connection.CreateCommand();
            read.CommandText = "SELECT Version FROM Cases WHERE upper(Id) = upper($id)";
            read.Parameters.AddWithValue("$id", id.ToString());
            var found = await read.ExecuteScalarAsync();
            if (found is not long stored || stored < version)
            {
                missing.Add($"case {id}: acknowledged version {version}, backup has {found ?? "nothing"}");
            }
        }

        Assert.That(missing, Is.Empty);
        await TestContext.Out.WriteLineAsync($"{before.Count} cases acknowledged before the backup, all in the copy; {during} written while it ran. {output.Trim()}");
    }

    [Test]
    public async Task Backup_ToAFileThatExists_IsRefusedAndLeavesTheFileAlone()
    {
        using (var service = await ServiceProcess.StartAsync(ServiceProcess.BuiltBesideTests(), _database, Path.Combine(_folder, "service.log")))
        {
            service.Kill();
        }

        var target = Path.Combine(_folder, "taken.db");
        await File.WriteAllTextAsync(target, "keep me");

        var (exitCode, output) = await ServiceProcess.RunVerbAsync(ServiceProcess.BuiltBesideTests(), _database, ["backup", target]);

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(output, Does.Contain("already exists"));
        Assert.That(await File.ReadAllTextAsync(target), Is.EqualTo("keep me"));
    }

    [TestCase("Postgres", "pg_dump")]
    [TestCase("SqlServer", "BACKUP DATABASE")]
    public async Task Backup_OnAServerDatabase_IsRefusedNamingItsOwnTool(string provider, string tool)
    {
        var target = Path.Combine(_folder, "server.db");

        var (exitCode, output) = await ServiceProcess.RunVerbAsync(
            ServiceProcess.BuiltBesideTests(), _database, ["backup", target], new Dictionary<string, string> { ["Database__Provider"] = provider });

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(output, Does.Contain(tool));
        Assert.That(File.Exists(target), Is.False);
    }

    /// <summary>One colleague opening and claiming cases until told to stop; each acknowledged write is noted with its version.</summary>
    private static async Task WriteAsync(HttpClient client, Guid team, ConcurrentDictionary<Guid, int> acknowledged, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                using var opened = await client.PostAsJsonAsync("/api/cases", new
                {
                    customer = new { name = "Backup Customer", email = "backup@example.com" },
                    subject = "Backup under load",
                    description = "Opened while the backup runs.",
                    channel = "Phone",
                    priority = "P2",
                    teamId = team,
                }, stop);
                var body = await opened.Content.ReadFromJsonAsync<JsonElement>(stop);
                Assert.That(opened.IsSuccessStatusCode, Is.True, body.ToString());
                var id = body.GetProperty("id").GetGuid();
                acknowledged[id] = body.GetProperty("version").GetInt32();
                using var claimed = await client.PostAsync($"/api/cases/{id}/claim", null, stop);
                var claim = await claimed.Content.ReadFromJsonAsync<JsonElement>(stop);
                Assert.That(claimed.IsSuccessStatusCode, Is.True, claim.ToString());
                acknowledged[id] = claim.GetProperty("version").GetInt32();
            }
        }
        catch (OperationCanceledException)
        {
            // Told to stop.
        }
    }
}
