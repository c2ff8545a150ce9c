using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RecoveryDesk.Application.Outbox;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Web.Tests.Support;

namespace RecoveryDesk.Web.Tests.Hubs;

/// <summary>The transactional outbox: committed changes are pushed even across a crash, and delivered messages do not pile up.</summary>
public sealed class OutboxTests
{
    [Test]
    public async Task Command_CommittedButHostStoppedBeforeDispatch_IsPushedAfterRestart()
    {
        var folder = Path.Combine(Path.GetTempPath(), "recoverydesk-tests", $"crash-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var databaseFile = Path.Combine(folder, "desk.db");
        try
        {
            Guid caseId;
            int claimedVersion;
            using (var crashed = await new DeskApp(databaseFile, new Dictionary<string, string> { ["Outbox:DispatchEnabled"] = "false" }).StartAsync())
            {
                using var avaHttp = await crashed.ClientFor("ava");
                caseId = await crashed.OpenAsync(avaHttp);
                claimedVersion = (await avaHttp.PostOkAsync($"/api/cases/{caseId}/claim")).GetProperty("version").GetInt32();
                Assert.That(await UndeliveredAsync(crashed, caseId), Is.GreaterThanOrEqualTo(2), "opened and claimed: committed, not pushed");
            }

            using var restarted = await new DeskApp(databaseFile).StartAsync();
            await using var ben = await LiveClient.DeskAsync(restarted, "ben");
            // The first pass waits a moment after start so reconnecting consoles are back in their groups; a
            // pass that finds the lease or the database not ready yet is retried at the next poll, so the
            // clock moves on poll by poll until the message is there.
            var arrived = ben.WaitForAsync(caseId, "CaseClaimed");
            restarted.Clock.Advance(new OutboxOptions().StartDelay);
            while (await Task.WhenAny(arrived, Task.Delay(TimeSpan.FromMilliseconds(200))) != arrived)
            {
                restarted.Clock.Advance(new OutboxOptions().PollInterval);
            }

            var claimed = await arrived;
            Assert.Multiple(() =>
            {
                Assert.That(claimed.GetProperty("version").GetInt32(), Is.EqualTo(claimedVersion));
                Assert.That(ben.EventsFor(caseId).Where(e => e is "CaseOpened" or "CaseClaimed"), Is.EqualTo(new[] { "CaseOpened", "CaseClaimed" }), "in the order they were committed");
            });
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task DeliveredMessages_OlderThanRetention_ArePruned()
    {
        using var app = await new DeskApp().StartAsync();
        using var avaHttp = await app.ClientFor("ava");
        await using var ben = await LiveClient.DeskAsync(app, "ben");
        var old = await app.OpenAsync(avaHttp);
        await ben.WaitForAsync(old, "CaseOpened");
        await Eventually.Until(() => UndeliveredAsync(app, old), n => n == 0, "the first case's messages to be marked delivered");
        var oldMessages = await WithDbAsync(app, db => db.OutboxMessages.Where(m => m.CaseId == old).Select(m => m.Id).ToListAsync());

        app.Clock.Advance(TimeSpan.FromHours(new OutboxOptions().RetentionHours + 1));
        using var avaLater = await app.ClientFor("ava");
        var recent = await app.OpenAsync(avaLater);
        await ben.WaitForAsync(recent, "CaseOpened");

        await Eventually.Until(() => WithDbAsync(app, db => db.OutboxMessages.CountAsync(m => oldMessages.Contains(m.Id))), n => n == 0, "the old messages to be pruned");
        Assert.That(await WithDbAsync(app, db => db.OutboxMessages.CountAsync(m => m.CaseId == recent)), Is.GreaterThan(0), "recent messages are kept");
    }

    private static Task<int> UndeliveredAsync(DeskApp app, Guid caseId) =>
        WithDbAsync(app, db => db.OutboxMessages.CountAsync(m => m.CaseId == caseId && m.DeliveredAt == null));

    private static async Task<T> WithDbAsync<T>(DeskApp app, Func<RecoveryDeskDbContext, Task<T>> read)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<RecoveryDeskDbContext>());
    }
}
