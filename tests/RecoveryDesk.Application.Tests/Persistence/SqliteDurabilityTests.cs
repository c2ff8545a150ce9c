using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Tests.Support;

namespace RecoveryDesk.Application.Tests.Persistence;

/// <summary>Every SQLite connection the desk opens is set up to survive power loss and to queue concurrent writers.</summary>
public sealed class SqliteDurabilityTests
{
    [Test]
    public async Task Connection_FromContext_IsWalFullSyncWithBusyTimeout()
    {
        await using var desk = await DeskHarness.StartAsync();
        var pragmas = await desk.WithDbAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            try
            {
                var connection = db.Database.GetDbConnection();
                return (
                    JournalMode: await PragmaAsync(connection, "journal_mode"),
                    Synchronous: await PragmaAsync(connection, "synchronous"),
                    BusyTimeout: await PragmaAsync(connection, "busy_timeout"),
                    ForeignKeys: await PragmaAsync(connection, "foreign_keys"));
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(pragmas.JournalMode, Is.EqualTo("wal"));
            Assert.That(pragmas.Synchronous, Is.EqualTo("2"), "2 is FULL");
            Assert.That(long.Parse(pragmas.BusyTimeout, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0));
            Assert.That(pragmas.ForeignKeys, Is.EqualTo("1"));
        }
    }

    [Test]
    public async Task Connection_OpenedSynchronously_GetsTheSameSettings()
    {
        using var folder = new TempFolder();
        using var db = Contexts.Sqlite(folder.File("sync.db"));
        db.Database.OpenConnection();
        try
        {
            var connection = db.Database.GetDbConnection();
            using (Assert.EnterMultipleScope())
            {
                Assert.That(await PragmaAsync(connection, "journal_mode"), Is.EqualTo("wal"));
                Assert.That(await PragmaAsync(connection, "synchronous"), Is.EqualTo("2"));
                Assert.That(long.Parse(await PragmaAsync(connection, "busy_timeout"), System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0));
            }
        }
        finally
        {
            db.Database.CloseConnection();
        }
    }

    [Test]
    public async Task Connection_NewPhysicalConnectionAfterPoolCleared_GetsTheSettingsToo()
    {
        await using var desk = await DeskHarness.StartAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var synchronous = await desk.WithDbAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            try
            {
                return (Value: await PragmaAsync(db.Database.GetDbConnection(), "synchronous"), ForeignKeys: await PragmaAsync(db.Database.GetDbConnection(), "foreign_keys"));
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        });

        Assert.That(synchronous, Is.EqualTo(("2", "1")));
    }

    private static async Task<string> PragmaAsync(System.Data.Common.DbConnection connection, string name)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
    }
}
