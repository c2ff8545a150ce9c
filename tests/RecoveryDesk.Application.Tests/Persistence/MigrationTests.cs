using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Tests.Support;

namespace RecoveryDesk.Application.Tests.Persistence;

/// <summary>The model and the committed migrations agree, for each database provider.</summary>
public sealed class MigrationTests
{
    private const string Advice = "the model changed since the last migration: run ./build/add-migration.sh <Name>";

    [Test]
    public void Sqlite_ModelComparedWithMigrations_HasNoPendingChanges_ElseRunAddMigration()
    {
        using var folder = new TempFolder();
        using var db = Contexts.Sqlite(folder.File("model.db"));

        Assert.That(db.Database.HasPendingModelChanges(), Is.False, "SQLite: " + Advice);
    }

    [Test]
    public void SqlServer_ModelComparedWithMigrations_HasNoPendingChanges_ElseRunAddMigration()
    {
        using var db = Contexts.SqlServer();

        Assert.That(db.Database.HasPendingModelChanges(), Is.False, "SQL Server: " + Advice);
    }

    [Test]
    public void Postgres_ModelComparedWithMigrations_HasNoPendingChanges_ElseRunAddMigration()
    {
        using var db = Contexts.Postgres();

        Assert.That(db.Database.HasPendingModelChanges(), Is.False, "PostgreSQL: " + Advice);
    }

    [Test]
    public async Task Postgres_MigrateOnEmptyDatabase_AppliesEveryMigrationAndAgainDoesNothing()
    {
        await using var server = await TestPostgres.CreateDatabaseAsync();
        await using var db = Contexts.Postgres(server.ConnectionString);

        await db.Database.MigrateAsync();
        var applied = (await db.Database.GetAppliedMigrationsAsync()).ToList();
        await db.Database.MigrateAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(applied, Is.EqualTo(db.Database.GetMigrations()));
            Assert.That(await db.Database.GetPendingMigrationsAsync(), Is.Empty);
        }
    }

    [Test]
    public async Task Sqlite_MigrateOnEmptyFile_AppliesEveryMigrationAndAgainDoesNothing()
    {
        using var folder = new TempFolder();
        await using var db = Contexts.Sqlite(folder.File("fresh.db"));

        await db.Database.MigrateAsync();
        var applied = (await db.Database.GetAppliedMigrationsAsync()).ToList();
        await db.Database.MigrateAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(applied, Is.EqualTo(db.Database.GetMigrations()));
            Assert.That(await db.Database.GetPendingMigrationsAsync(), Is.Empty);
        }
    }
}
