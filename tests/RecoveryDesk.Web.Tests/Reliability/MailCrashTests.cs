using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using RecoveryDesk.Web.Tests.Support;

namespace RecoveryDesk.Web.Tests.Reliability;

/// <summary>
/// Customer mail through SIGKILLs of the real service (a child process on a SQLite file), delivered to a
/// real SMTP server on loopback: every committed mail leaves after a restart, none for a change that did
/// not commit, and a mail repeated because the kill fell between its send and its record is the same
/// message (the same Message-ID). Seconds each, on the service built beside these tests.
/// </summary>
[Category("Crash")]
public sealed class MailCrashTests
{
    private const int Cases = 6;
    private const int AcceptedBeforeTheKill = 3;

    private string _folder = null!;
    private string _database = null!;
    private TestSmtp _smtp = null!;

    [SetUp]
    public void CreateFolder()
    {
        _folder = ServiceProcess.NewFolder("mailcrash");
        _database = Path.Combine(_folder, "desk.db");
        _smtp = new TestSmtp();
    }

    [TearDown]
    public async Task RemoveFolderAsync()
    {
        _smtp.ReleaseHeld();
        await _smtp.DisposeAsync();
        ServiceProcess.RemoveFolder(_folder);
    }

    [Test]
    public async Task Service_KilledWithMailPendingAndAgainBetweenSendAndRecord_DeliversEveryCommittedMailWithOneMessageIdEach()
    {
        // 1. The mail server is down: the changes commit, their mail waits; then the power goes.
        var opened = new Dictionary<Guid, string>();
        using (var service = await StartAsync())
        {
            var (team, agent, colleague) = await DeskAsync(service);
            colleague.Dispose();
            for (var i = 0; i < Cases; i++)
            {
                var (id, code) = await OpenAsync(agent, team, $"Crash mail {i}");
                opened[id] = code;
                await CrashTests.PostOkAsync(agent, $"/api/cases/{id}/claim", new { });
                await CrashTests.PostOkAsync(agent, $"/api/cases/{id}/replies", new { text = $"Reply to case {i}." });
            }

            service.Kill();
            agent.Dispose();
        }

        var committed = await MailRowsAsync();
        Assert.That(committed, Has.Count.EqualTo(Cases * 2), "an acknowledgement and a reply per case, written with the changes");
        Assert.That(committed.Select(m => m.State), Has.All.EqualTo("Queued"));
        Assert.That(_smtp.Received, Is.Empty);

        // 2. The server is back; it takes the fourth message but its answer is held, and the power goes
        //    again: three are delivered and recorded, the fourth delivered and not recorded.
        _smtp.HoldAfter = AcceptedBeforeTheKill;
        _smtp.Start();
        await AllDueAsync();
        Guid inFlight;
        using (var service = await StartAsync())
        {
            inFlight = await _smtp.Holding.WaitAsync(TimeSpan.FromSeconds(20));
            service.Kill();
        }

        var beforeSecondRestart = _smtp.Deliveries;
        Assert.That(beforeSecondRestart, Has.Count.EqualTo(AcceptedBeforeTheKill + 1));
        Assert.That(beforeSecondRestart[^1].Connection, Is.EqualTo(inFlight), "the last one taken is the one whose answer was held");
        Assert.That((await MailRowsAsync()).Count(m => m.State == "Sent"), Is.EqualTo(AcceptedBeforeTheKill), "each mail is recorded as it is sent; the kill fell between the fourth's send and its record");
        _smtp.ReleaseHeld();
        await AllDueAsync();

        // 3. After the restart every committed mail reaches the server.
        using (var service = await StartAsync())
        {
            await Eventually.Until(MailRowsAsync, rows => rows.All(m => m.State == "Sent"), "every mail recorded as sent", timeoutSeconds: 30);
            service.Kill();
        }

        var deliveries = _smtp.Deliveries;
        var expected = committed.Select(m => m.MessageId.Trim('<', '>')).Order(StringComparer.Ordinal).ToList();
        var repeated = deliveries.GroupBy(d => d.Message.MessageId).Where(g => g.Count() > 1).ToList();
        var unrecorded = new[] { beforeSecondRestart[^1].Message.MessageId };
        using (Assert.EnterMultipleScope())
        {
            Assert.That(deliveries.Select(d => d.Message.MessageId).Distinct().Order(StringComparer.Ordinal), Is.EqualTo(expected), "exactly the committed mails, by Message-ID");
            // Unavoidable with SMTP: the server had taken these when the process died, and nothing recorded it.
            // They go again, as the same messages, so the customer's mail program shows each once.
            Assert.That(repeated.Select(g => g.Key), Is.EqualTo(unrecorded), "only the mail in flight at the kill is repeated");
            Assert.That(repeated.Select(g => g.Count()), Has.All.EqualTo(2));
            Assert.That(repeated.SelectMany(g => g.Select(d => d.Message.Subject)).Distinct().Count(), Is.EqualTo(repeated.Count), "a repeat is the same message");
            foreach (var (id, code) in opened)
            {
                var reference = committed.First(m => m.CaseId == id && m.Kind == "Opened").MessageId;
                var acknowledgement = deliveries.Last(d => $"<{d.Message.MessageId}>" == reference).Message;
                Assert.That(acknowledgement.TextBody, Does.Contain($"#code={code}"), "the acknowledgement sent after the crashes still carries the access code");
            }
        }

        await TestContext.Out.WriteLineAsync(
            $"{expected.Count} committed mails delivered; {repeated.Count} repeated with the same Message-ID (taken by the server at the kill, not yet recorded).");
    }

    [Test]
    public async Task Change_ThatIsRefusedOrKilledBeforeItsCommit_MailsNothing()
    {
        _smtp.Start();
        Guid caseId;
        using (var service = await StartAsync(new Dictionary<string, string>
        {
            // The line that says a save has composed its mail and is about to write it.
            ["Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Transaction"] = "Debug",
        }))
        {
            var (team, agent, colleague) = await DeskAsync(service);
            (caseId, _) = await OpenAsync(agent, team, "Crash mail refused");
            await CrashTests.PostOkAsync(agent, $"/api/cases/{caseId}/claim", new { });

            // Refused: only the owner may reply to the customer.
            using (var refused = await colleague.PostAsJsonAsync($"/api/cases/{caseId}/replies", new { text = "Refused reply." }))
            {
                Assert.That((int)refused.StatusCode, Is.InRange(400, 499), await refused.Content.ReadAsStringAsync());
            }

            await Eventually.Until(MailRowsAsync, rows => rows.All(m => m.State == "Sent"), "the acknowledgement sent", timeoutSeconds: 20);
            await Eventually.Until(UndeliveredOutboxAsync, n => n == 0, "the live messages delivered", timeoutSeconds: 20);

            // Killed mid-request: the database is held by another writer, so the reply waits at its commit.
            await using (var holder = new SqliteConnection($"Data Source={_database};Pooling=False"))
            {
                await holder.OpenAsync();
                await using var hold = holder.CreateCommand();
                hold.CommandText = "BEGIN IMMEDIATE";
                await hold.ExecuteNonQueryAsync();
                var saves = service.LinesContaining("Beginning transaction");
                var reply = agent.PostAsJsonAsync($"/api/cases/{caseId}/replies", new { text = "Killed reply." });
                await Eventually.Until(() => Task.FromResult(service.LinesContaining("Beginning transaction")), n => n > saves, "the reply waiting at its commit");
                service.Kill();
                Assert.That(await AnsweredAsync(reply), Is.False, "the killed reply was never acknowledged");
                await using var release = holder.CreateCommand();
                release.CommandText = "ROLLBACK";
                await release.ExecuteNonQueryAsync();
            }

            agent.Dispose();
            colleague.Dispose();
        }

        using (var service = await StartAsync())
        {
            using var agent = await CrashTests.SignInAsync(service.BaseAddress, "crash-agent1@crash.test");
            await CrashTests.PostOkAsync(agent, $"/api/cases/{caseId}/replies", new { text = "Committed reply." });
            var rows = await Eventually.Until(MailRowsAsync, rows => rows.Count == 2 && rows.All(m => m.State == "Sent"), "the committed reply sent", timeoutSeconds: 20);
            var listed = await agent.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}/mail");
            var delivered = _smtp.Received;
            using (Assert.EnterMultipleScope())
            {
                Assert.That(rows.Select(m => m.Kind), Is.EqualTo(new[] { "Opened", "Reply" }));
                Assert.That(listed.EnumerateArray().Count(), Is.EqualTo(2), "the case's timeline lists the two mails");
                Assert.That(delivered.Select(m => $"<{m.MessageId}>"), Is.EquivalentTo(rows.Select(m => m.MessageId)), "one delivery per committed mail");
                Assert.That(delivered.Select(m => m.TextBody), Has.None.Contains("Refused reply.").And.None.Contains("Killed reply."));
                Assert.That(delivered.Select(m => m.TextBody), Has.Some.Contains("Committed reply."));
            }

            service.Kill();
        }
    }

    [Test]
    public async Task Service_KilledWhileReadingCustomersMail_AppliesEveryMessageOnce()
    {
        const int Messages = 30;
        var inbox = Path.Combine(_folder, "inbox");
        var settings = new Dictionary<string, string> { ["Mail__InboundFolder"] = inbox };
        using (var service = await StartAsync(settings))
        {
            var (_, agent, colleague) = await DeskAsync(service);
            agent.Dispose();
            colleague.Dispose();
            Directory.CreateDirectory(inbox);
            for (var i = 0; i < Messages; i++)
            {
                var file = Path.Combine(inbox, $"m{i:D2}.eml");
                await File.WriteAllTextAsync(file + ".part", $"From: Customer {i} <c{i}@example.com>\r\nSubject: Inbound crash {i}\r\nMessage-ID: <inbound{i}@example.com>\r\n\r\nMy order {i} never came.\r\n");
                File.Move(file + ".part", file);
            }

            await Eventually.Until(() => Task.FromResult(InboundRows()), n => n >= 3, "some messages applied", timeoutSeconds: 30);
            service.Kill();
        }

        using (var service = await StartAsync(settings))
        {
            await Eventually.Until(() => Task.FromResult(Directory.GetFiles(inbox, "*.eml").Length), n => n == 0, "every file applied and moved", timeoutSeconds: 60);
            service.Kill();
        }

        await using var connection = new SqliteConnection($"Data Source={_database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT COUNT(*), COUNT(DISTINCT Subject) FROM Cases WHERE Subject LIKE 'Inbound crash %'";
        await using var counts = await read.ExecuteReaderAsync();
        await counts.ReadAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(InboundRows(), Is.EqualTo(Messages), "each message recorded once");
            Assert.That(counts.GetInt64(0), Is.EqualTo(Messages), "each message opened one case, none twice");
            Assert.That(counts.GetInt64(1), Is.EqualTo(Messages));
        }
    }

    private long InboundRows()
    {
        using var connection = new SqliteConnection($"Data Source={_database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM InboundMails";
        return (long)count.ExecuteScalar()!;
    }

    private Task<ServiceProcess> StartAsync(IDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string>
        {
            ["Mail__Smtp__Host"] = "127.0.0.1",
            ["Mail__Smtp__Port"] = _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mail__Smtp__Security"] = "None",
            // Retries pass in the test's time, not in minutes.
            ["Mail__FirstRetryDelay"] = "00:00:00.200",
            ["Mail__MaxRetryDelay"] = "00:00:01",
            // Long enough that a loaded machine finishes a batch inside it; a restart on SQLite takes its own leases back.
            ["Mail__Lease"] = "00:00:30",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        return ServiceProcess.StartAsync(ServiceProcess.BuiltBesideTests(), _database, Path.Combine(_folder, "service.log"), all);
    }

    /// <summary>A team with agents; returns the first agent and a colleague, signed in.</summary>
    private static async Task<(Guid Team, HttpClient Agent, HttpClient Colleague)> DeskAsync(ServiceProcess service)
    {
        using var admin = await CrashTests.SignInAsync(service.BaseAddress, CrashTests.AdminEmail);
        var (team, agents) = await CrashTests.SetUpTeamAsync(admin);
        return (team, await CrashTests.SignInAsync(service.BaseAddress, agents[0].Email), await CrashTests.SignInAsync(service.BaseAddress, agents[1].Email));
    }

    private static async Task<(Guid Id, string AccessCode)> OpenAsync(HttpClient agent, Guid team, string subject)
    {
        var created = await CrashTests.PostOkAsync(agent, "/api/cases", new
        {
            customer = new { name = "Mail Customer", email = "mail.customer@example.com" },
            subject,
            description = "Opened by the mail crash test.",
            channel = "Phone",
            priority = "P2",
            teamId = team,
        });
        return (created.GetProperty("id").GetGuid(), created.GetProperty("accessCode").GetString()!);
    }

    private sealed record MailRow(Guid CaseId, string Kind, string MessageId, string State);

    private async Task<List<MailRow>> MailRowsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={_database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT CaseId, Kind, MessageId, State FROM CustomerMails ORDER BY CreatedAt, CaseVersion";
        await using var row = await read.ExecuteReaderAsync();
        var rows = new List<MailRow>();
        while (await row.ReadAsync())
        {
            rows.Add(new MailRow(Guid.Parse(row.GetString(0)), row.GetString(1), row.GetString(2), row.GetString(3)));
        }

        return rows;
    }

    /// <summary>
    /// Until every queued mail is due, so the next start sends them all in its first pass (on SQLite a
    /// start takes back the leases a killed run held).
    /// </summary>
    private Task AllDueAsync() => Eventually.Until(
        async () =>
        {
            await using var connection = new SqliteConnection($"Data Source={_database};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync();
            await using var count = connection.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM CustomerMails WHERE State = 'Queued' AND NextAttemptAt > $now";
            count.Parameters.AddWithValue("$now", DateTime.UtcNow.Ticks);
            return (long)(await count.ExecuteScalarAsync())!;
        },
        waiting => waiting == 0,
        "every queued mail due");

    private static async Task<bool> AnsweredAsync(Task<HttpResponseMessage> request)
    {
        try
        {
            using var response = await request;
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private async Task<long> UndeliveredOutboxAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={_database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM OutboxMessages WHERE DeliveredAt IS NULL";
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
