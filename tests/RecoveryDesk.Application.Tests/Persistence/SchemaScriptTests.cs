using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Tests.Support;

namespace RecoveryDesk.Application.Tests.Persistence;

/// <summary>The DBA scripts in db/ are what the committed migrations produce today.</summary>
public sealed partial class SchemaScriptTests
{
    private const string Advice = "is out of date with the migrations: run ./build/schema.sh";

    [Test]
    public void SqlServerScript_ComparedWithMigrations_IsCurrent_ElseRunSchemaSh()
    {
        using var db = Contexts.SqlServer();
        var generated = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        AssertSameScript(generated, Path.Combine("db", "sqlserver", "schema.sql"));
    }

    [Test]
    public void PostgresScript_ComparedWithMigrations_IsCurrent_ElseRunSchemaSh()
    {
        using var db = Contexts.Postgres();
        var generated = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        AssertSameScript(generated, Path.Combine("db", "postgresql", "schema.sql"));
    }

    [Test]
    public void SqliteScript_ComparedWithMigrations_IsCurrent_ElseRunSchemaSh()
    {
        using var folder = new TempFolder();
        using var db = Contexts.Sqlite(folder.File("script.db"));
        var generated = db.GetService<IMigrator>().GenerateScript();

        AssertSameScript(generated, Path.Combine("db", "sqlite", "schema.sql"));
    }

    private static void AssertSameScript(string generated, string relativePath)
    {
        var path = Path.Combine(RepositoryRoot.Find(), relativePath);
        Assert.That(File.Exists(path), Is.True, $"{relativePath} is missing: run ./build/schema.sh");
        var committed = File.ReadAllText(path);

        Assert.That(Normalise(committed), Is.EqualTo(Normalise(generated)), $"{relativePath} {Advice}");
    }

    /// <summary>
    /// `dotnet ef migrations script` writes a byte-order mark and the platform's line endings; neither
    /// matters to a database, and neither does any other difference in whitespace.
    /// </summary>
    private static string Normalise(string script) => Whitespace().Replace(script.Replace("\uFEFF", string.Empty, StringComparison.Ordinal), " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
