using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace RecoveryDesk.Bench;

/// <summary>
/// The limit: how many times per second the disk and SQLite alone can commit the shape of write one
/// desk command makes (one transaction: update the case with its version check, insert a timeline
/// entry, insert an outbox message), through Microsoft.Data.Sqlite on one connection, with the
/// service's own pragmas (WAL, busy_timeout, foreign keys) under synchronous FULL and NORMAL.
/// The schema is db/sqlite/schema.sql, the same one the migrations create.
/// </summary>
internal static class RawSqlitePhase
{
    private const int Cases = 1000;

    private static readonly string Payload = new('x', 900);

    public static Dictionary<string, (double CommitsPerSecond, Stats Latency)> Run(BenchSettings settings, Workspace work, BenchReport report)
    {
        var results = new Dictionary<string, (double, Stats)>(StringComparer.Ordinal);
        var json = new JsonObject();
        var rows = BenchReport.Table("synchronous", "commits/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "commits");
        foreach (var mode in new[] { "FULL", "NORMAL" })
        {
            var path = work.File($"raw-{mode.ToLowerInvariant()}.db");
            var (rate, stats) = Measure(path, mode, work.SchemaSql, settings.RawDuration);
            results[mode] = (rate, stats);
            var entry = stats.ToJson();
            entry["commitsPerSecond"] = Stats.Round(rate);
            json[mode] = entry;
            rows.Add([mode, BenchReport.Number(rate), BenchReport.Ms(stats.P50), BenchReport.Ms(stats.P95), BenchReport.Ms(stats.P99), BenchReport.Ms(stats.Max), stats.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        report.Json["rawSqlite"] = json;
        report.Section("Limit: raw SQLite, one transaction = UPDATE case + INSERT timeline entry + INSERT outbox message (Microsoft.Data.Sqlite, one connection, WAL)", rows);
        return results;
    }

    private static (double Rate, Stats Latency) Measure(string path, string synchronous, string schemaSql, TimeSpan duration)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, $"PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous}; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;");
        Execute(connection, schemaSql);
        var teamId = Guid.CreateVersion7();
        var now = DateTimeOffset.UtcNow.UtcTicks;
        var caseIds = new Guid[Cases];
        using (var seed = connection.BeginTransaction())
        {
            Execute(connection, $"INSERT INTO Teams (Id, Name, CreatedAt, AssignmentMode) VALUES ('{Text(teamId)}', 'Raw', {now}, 'Queue');", seed);
            using var insert = connection.CreateCommand();
            insert.Transaction = seed;
            insert.CommandText = """
                INSERT INTO Cases (Id, Reference, AccessCodeHash, Subject, Description, Channel, Priority, Status, TeamId,
                    OpenedAt, LastActivityAt, ReopenCount, Version, Terms, CustomerName, CustomerEmail)
                VALUES ($id, $reference, 'hash', 'Parcel arrived damaged', 'The box was crushed.', 'Phone', 'P3', 'Open', $team,
                    $now, $now, 0, 1, '{}', 'Raw Customer', 'raw@example.com');
                """;
            var id = insert.Parameters.Add("$id", SqliteType.Text);
            var reference = insert.Parameters.Add("$reference", SqliteType.Text);
            insert.Parameters.AddWithValue("$team", Text(teamId));
            insert.Parameters.AddWithValue("$now", now);
            for (var i = 0; i < Cases; i++)
            {
                caseIds[i] = Guid.CreateVersion7();
                id.Value = Text(caseIds[i]);
                reference.Value = $"RAW-{i:D6}";
                insert.ExecuteNonQuery();
            }

            seed.Commit();
        }

        var versions = new int[Cases];
        Array.Fill(versions, 1);
        var samples = new Samples();
        var started = Stopwatch.GetTimestamp();
        var n = 0;
        while (Stopwatch.GetElapsedTime(started) < duration)
        {
            var i = n++ % Cases;
            var t0 = Stopwatch.GetTimestamp();
            using (var transaction = connection.BeginTransaction())
            {
                using var write = connection.CreateCommand();
                write.Transaction = transaction;
                write.CommandText = """
                    UPDATE Cases SET Version = Version + 1, LastActivityAt = $at WHERE Id = $case AND Version = $version;
                    INSERT INTO TimelineEntries (Id, CaseId, CaseVersion, At, Kind, ActorId, ActorName, ActorKind, Text, IsPublic)
                        VALUES ($entry, $case, $version + 1, $at, 'Note', NULL, 'Raw Agent', 'Staff', 'Called the customer back.', 0);
                    INSERT INTO OutboxMessages (CaseId, CaseVersion, EventName, Audiences, PayloadJson, IsPublic, CreatedAt)
                        VALUES ($case, $version + 1, 'NoteAdded', 'supervisors', $payload, 0, $at);
                    """;
                var at = DateTimeOffset.UtcNow.UtcTicks;
                write.Parameters.AddWithValue("$at", at);
                write.Parameters.AddWithValue("$case", Text(caseIds[i]));
                write.Parameters.AddWithValue("$version", versions[i]);
                write.Parameters.AddWithValue("$entry", Text(Guid.CreateVersion7()));
                write.Parameters.AddWithValue("$payload", Payload);
                write.ExecuteNonQuery();
                transaction.Commit();
            }

            versions[i]++;
            samples.Add(Samples.MillisecondsSince(t0));
        }

        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return (samples.Count / elapsed, samples.Summarise());
    }

    /// <summary>How EF Core's SQLite provider stores a Guid: upper-case text.</summary>
    public static string Text(Guid id) => id.ToString("D").ToUpperInvariant();

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
