using System.Globalization;
using System.Text;
using Quartz;
using RecoveryDesk.Application.Sla;
using RecoveryDesk.Application.Tests.Support;

namespace RecoveryDesk.Application.Tests.Persistence;

/// <summary>
/// db/postgresql/quartz.sql is the PostgreSQL schema shipped inside the Quartz version in use, with the
/// desk's table prefix: idempotent, as Quartz writes it. RECOVERYDESK_WRITE_SCRIPTS=1 rewrites it.
/// </summary>
public sealed class QuartzScriptTests
{
    private const string Resource = "Quartz.Impl.AdoJobStore.Schema.create_postgres.sql";

    [Test]
    public void PostgresQuartzScript_ComparedWithTheQuartzPackage_IsCurrent()
    {
        var path = Path.Combine(RepositoryRoot.Find(), "db", "postgresql", "quartz.sql");
        var expected = Expected();
        if (Environment.GetEnvironmentVariable("RECOVERYDESK_WRITE_SCRIPTS") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.That(File.Exists(path) ? File.ReadAllText(path) : string.Empty, Is.EqualTo(expected),
            "db/postgresql/quartz.sql is not the Quartz package's schema: run the tests with RECOVERYDESK_WRITE_SCRIPTS=1");
    }

    private static string Expected()
    {
        var quartz = typeof(IScheduler).Assembly;
        using var stream = quartz.GetManifestResourceStream(Resource) ?? throw new InvalidOperationException($"{Resource} is not in {quartz.GetName()}.");
        using var reader = new StreamReader(stream);
        var version = quartz.GetName().Version!.ToString(3);
        var script = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"-- Quartz.NET {version} job store tables for PostgreSQL (table prefix {TimerOptions.PostgresTablePrefix}), for running the")
            .AppendLine("-- timers on Quartz's clustered ADO job store (Timers:Store = Postgres). The schema that ships inside")
            .AppendLine(CultureInfo.InvariantCulture, $"-- the Quartz {version} package (Apache License 2.0), with the prefix filled in; idempotent: creates only")
            .AppendLine("-- what is missing. Run it once against the RecoveryDesk database before starting the service.");
        foreach (var line in reader.ReadToEnd().Split('\n'))
        {
            if (line.TrimEnd() != "--;;")
            {
                script.AppendLine(line.TrimEnd().Replace("{0}", TimerOptions.PostgresTablePrefix, StringComparison.Ordinal)
                    .Replace("{1}", TimerOptions.PostgresTablePrefix, StringComparison.Ordinal));
            }
        }

        return script.ToString().TrimEnd() + "\n";
    }
}
