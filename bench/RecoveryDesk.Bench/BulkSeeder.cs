using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace RecoveryDesk.Bench;

/// <summary>An agent of the scale desk, as seeded cases name their owner.</summary>
internal sealed record SeedAgent(Guid Id, string Name);

/// <summary>How many cases of each kind the seeder wrote.</summary>
internal sealed record SeedCounts(int New, int Open, int OpenWarned, int OpenBreached, int Waiting, int Resolved, int Closed, int TimelineEntries, TimeSpan Elapsed)
{
    public int Total => New + Open + Waiting + Resolved + Closed;

    public int OpenTotal => New + Open + Waiting;
}

/// <summary>
/// Writes a million cases straight into the database file while the service is stopped (creating them
/// through HTTP would take hours). Every row is a copy of a row the service itself wrote for a case
/// opened through the API (one per priority), with ids, references, owners, states and times
/// changed, so the columns, enum spellings, the stored SLA terms and the id format are exactly the
/// service's own. Clocks keep the template's targets; due and warning times move with the case.
/// </summary>
internal sealed class BulkSeeder
{
    private static readonly string[] Priorities = ["P1", "P2", "P3", "P4"];
    private static readonly string[] ClockKinds = ["Own", "FirstResponse", "Resolution"];
    private static readonly string[] Subjects =
    [
        "Charged twice for one order", "Delivery left in the rain", "Refund not received after 3 weeks", "Wrong size sent twice",
        "Engineer did not turn up", "Voucher not accepted", "Broken item in gift box", "Promised callback never came",
    ];

    private readonly Dictionary<string, Template> _templates;
    private readonly HashSet<string> _references;
    private readonly bool _upperCaseGuids;
    private long _idMilliseconds;

    private BulkSeeder(Dictionary<string, Template> templates, HashSet<string> references, bool upperCaseGuids, DateTimeOffset idBase)
    {
        _templates = templates;
        _references = references;
        _upperCaseGuids = upperCaseGuids;
        _idMilliseconds = idBase.ToUnixTimeMilliseconds();
    }

    /// <summary>Reads the template cases (one per priority, opened through the API) from the stopped service's database.</summary>
    public static BulkSeeder FromTemplates(string databasePath, IReadOnlyDictionary<string, Guid> templateCaseByPriority)
    {
        using var connection = Open(databasePath);
        var templates = new Dictionary<string, Template>(StringComparer.Ordinal);
        var upper = true;
        foreach (var (priority, caseId) in templateCaseByPriority)
        {
            var caseRow = ReadRows(connection, "SELECT * FROM Cases WHERE upper(Id) = upper($id)", caseId).Single();
            var id = (string)caseRow.Values[caseRow.Index("Id")]!;
            upper = !id.Any(char.IsLower);
            var clocks = ReadRows(connection, "SELECT * FROM CaseClocks WHERE upper(CaseId) = upper($id)", caseId)
                .ToDictionary(r => (string)r.Values[r.Index("Kind")]!, StringComparer.Ordinal);
            var opened = ReadRows(connection, "SELECT * FROM TimelineEntries WHERE upper(CaseId) = upper($id) AND Kind = 'Opened'", caseId).Single();
            templates[priority] = new Template(caseRow, clocks, opened);
        }

        var references = new HashSet<string>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT Reference FROM Cases";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                references.Add(reader.GetString(0));
            }
        }

        return new BulkSeeder(templates, references, upper, DateTimeOffset.UtcNow.AddDays(-120));
    }

    /// <summary>
    /// Seeds <paramref name="total"/> cases of which <paramref name="open"/> are New, Open or
    /// WaitingOnCustomer, spread over the teams; none of their deadlines falls within the next hour.
    /// </summary>
    public SeedCounts Seed(string databasePath, IReadOnlyList<Guid> teams, IReadOnlyList<IReadOnlyList<SeedAgent>> agentsByTeam, int total, int open, DateTimeOffset now)
    {
        var watch = Stopwatch.StartNew();
        var counts = new int[7];
        var timeline = 0;
        var random = new Random(8);
        var newCount = open / 10;
        var waitingCount = open / 10;
        var openCount = open - newCount - waitingCount;
        var closedTotal = total - open;
        var resolvedCount = closedTotal / 50;
        var closedCount = closedTotal - resolvedCount;

        using var connection = Open(databasePath);
        Execute(connection, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-1048576; PRAGMA temp_store=MEMORY; PRAGMA foreign_keys=OFF;");

        // The migrations' secondary indexes are dropped for the load and made again from their own SQL
        // afterwards: building an index from sorted rows is far faster than a million random inserts.
        var indexes = new List<(string Name, string Sql)>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('Cases', 'CaseClocks', 'TimelineEntries')";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                indexes.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in indexes)
        {
            Execute(connection, $"DROP INDEX \"{name}\";");
        }

        using var writer = new CaseWriter(this, connection);
        var n = 0;

        // Oldest first, as a desk accumulates them: closed and resolved cases, then the open ones.
        for (var i = 0; i < closedCount + resolvedCount; i++)
        {
            var resolvedOnly = i >= closedCount;
            var priority = PriorityFor(random);
            var openedAt = now - TimeSpan.FromDays(5 + (random.NextDouble() * 360));
            var team = n % teams.Count;
            var owner = agentsByTeam[team][random.Next(agentsByTeam[team].Count)];
            timeline += writer.Write(n++, priority, resolvedOnly ? "Resolved" : "Closed", teams[team], owner, openedAt, Kind.Finished, now);
            counts[resolvedOnly ? 5 : 6]++;
        }

        for (var i = 0; i < openCount + waitingCount; i++)
        {
            var waiting = i >= openCount;
            var priority = PriorityFor(random);
            var template = _templates[priority];
            var resolution = template.Clocks["Resolution"];
            var team = n % teams.Count;
            var owner = agentsByTeam[team][random.Next(agentsByTeam[team].Count)];
            var roll = random.Next(100);
            var kind = waiting ? Kind.OnTrack : roll < 3 ? Kind.Breached : roll < 8 ? Kind.Warned : Kind.OnTrack;
            var openedAt = kind switch
            {
                Kind.Breached => now - resolution.DueOffset - TimeSpan.FromHours(2),
                Kind.Warned => now - resolution.WarnOffset - ((resolution.DueOffset - resolution.WarnOffset) / 2),
                _ => now - TimeSpan.FromMinutes(30) - (random.NextDouble() * 0.5 * resolution.WarnOffset),
            };
            timeline += writer.Write(n++, priority, waiting ? "WaitingOnCustomer" : "Open", teams[team], owner, openedAt, kind, now);
            counts[waiting ? 4 : kind == Kind.Breached ? 3 : kind == Kind.Warned ? 2 : 1]++;
        }

        for (var i = 0; i < newCount; i++)
        {
            // New cases wait for an owner; P3 and P4 only, so no time-to-own deadline falls within the hour.
            var priority = i % 2 == 0 ? "P3" : "P4";
            var team = n % teams.Count;
            var openedAt = now - TimeSpan.FromMinutes(random.NextDouble() * 30);
            timeline += writer.Write(n++, priority, "New", teams[team], null, openedAt, Kind.OnTrack, now);
            counts[0]++;
        }

        writer.Finish();
        foreach (var (_, sql) in indexes)
        {
            Execute(connection, sql);
        }

        Execute(connection, "PRAGMA journal_mode=WAL;");
        return new SeedCounts(counts[0], counts[1] + counts[2] + counts[3], counts[2], counts[3], counts[4], counts[5], counts[6], timeline, watch.Elapsed);
    }

    /// <summary>
    /// New P1 cases whose time-to-own breaches fall within one second from <paramref name="dueFrom"/>
    /// (spread evenly over it); their warnings were already recorded, so the breach is the next thing
    /// that fires. Returns their ids and due times.
    /// </summary>
    public List<(Guid Id, DateTimeOffset Due)> AddLagCases(string databasePath, Guid team, SeedAgent opener, int count, DateTimeOffset dueFrom, TimeSpan spread, int firstNumber)
    {
        var cases = new List<(Guid, DateTimeOffset)>(count);
        using var connection = Open(databasePath);
        Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
        using var writer = new CaseWriter(this, connection);
        for (var i = 0; i < count; i++)
        {
            var due = dueFrom + (spread * i / count);
            var id = writer.WriteLag(firstNumber + i, team, opener, due);
            cases.Add((id, due));
        }

        writer.Finish();
        return cases;
    }

    /// <summary>Removes cases (and what hangs off them) while the service is stopped.</summary>
    public static void DeleteCases(string databasePath, IReadOnlyList<Guid> ids)
    {
        using var connection = Open(databasePath);
        using var transaction = connection.BeginTransaction();
        foreach (var table in new[] { "CaseClocks", "TimelineEntries", "Handoffs", "Promises", "OutboxMessages" })
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"DELETE FROM \"{table}\" WHERE CaseId IN ($upper, $lower)";
            var upper = command.Parameters.Add("$upper", SqliteType.Text);
            var lower = command.Parameters.Add("$lower", SqliteType.Text);
            foreach (var caseId in ids)
            {
                upper.Value = caseId.ToString("D").ToUpperInvariant();
                lower.Value = caseId.ToString("D");
                command.ExecuteNonQuery();
            }
        }

        using (var cases = connection.CreateCommand())
        {
            cases.Transaction = transaction;
            cases.CommandText = "DELETE FROM Cases WHERE Id IN ($upper, $lower)";
            var upper = cases.Parameters.Add("$upper", SqliteType.Text);
            var lower = cases.Parameters.Add("$lower", SqliteType.Text);
            foreach (var caseId in ids)
            {
                upper.Value = caseId.ToString("D").ToUpperInvariant();
                lower.Value = caseId.ToString("D");
                cases.ExecuteNonQuery();
            }
        }

        transaction.Commit();
    }

    private static string PriorityFor(Random random) => random.Next(10) switch
    {
        0 => "P1",
        < 4 => "P2",
        < 8 => "P3",
        _ => "P4",
    };

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static List<Row> ReadRows(SqliteConnection connection, string sql, Guid id)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", id.ToString("D"));
        using var reader = command.ExecuteReader();
        var rows = new List<Row>();
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        while (reader.Read())
        {
            rows.Add(new Row(columns, [.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i))]));
        }

        return rows;
    }

    private string NextId()
    {
        var id = Guid.CreateVersion7(DateTimeOffset.FromUnixTimeMilliseconds(_idMilliseconds++)).ToString("D");
        return _upperCaseGuids ? id.ToUpperInvariant() : id;
    }

    private string Text(Guid id) => _upperCaseGuids ? id.ToString("D").ToUpperInvariant() : id.ToString("D");

    private string NewReference(int n)
    {
        const string alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
        // A bijection of n over the 30^6 references, so consecutive cases do not get look-alike references.
        var value = (long)((n * 387_420_489L + 12_345_678L) % 729_000_000L);
        Span<char> chars = stackalloc char[6];
        while (true)
        {
            var v = value;
            for (var i = 5; i >= 0; i--)
            {
                chars[i] = alphabet[(int)(v % 30)];
                v /= 30;
            }

            var reference = "RD-" + new string(chars);
            if (_references.Add(reference))
            {
                return reference;
            }

            value = (value + 1) % 729_000_000L;
        }
    }

    private enum Kind
    {
        OnTrack,
        Warned,
        Breached,
        Finished,
    }

    private sealed record Row(string[] Columns, object?[] Values)
    {
        public int Index(string column) => Array.IndexOf(Columns, column) is var i and >= 0 ? i : throw new InvalidOperationException($"No column {column}.");
    }

    private sealed class Template
    {
        public Template(Row caseRow, Dictionary<string, Row> clocks, Row opened)
        {
            Case = caseRow;
            Opened = opened;
            Clocks = clocks.ToDictionary(c => c.Key, c =>
            {
                var row = c.Value;
                var started = (long)row.Values[row.Index("StartedAt")]!;
                return new ClockTemplate(
                    row,
                    TimeSpan.FromTicks((long)row.Values[row.Index("DueAt")]! - started),
                    TimeSpan.FromTicks((long)row.Values[row.Index("WarnAt")]! - started));
            }, StringComparer.Ordinal);
        }

        public Row Case { get; }

        public Row Opened { get; }

        public Dictionary<string, ClockTemplate> Clocks { get; }
    }

    private sealed record ClockTemplate(Row Row, TimeSpan DueOffset, TimeSpan WarnOffset);

    /// <summary>Prepared INSERTs for the three tables, committing every few thousand cases.</summary>
    private sealed class CaseWriter : IDisposable
    {
        private const int CasesPerTransaction = 20_000;
        private readonly BulkSeeder _seeder;
        private readonly SqliteConnection _connection;
        private readonly Insert _cases;
        private readonly Insert _clocks;
        private readonly Insert _timeline;
        private SqliteTransaction _transaction;
        private int _inTransaction;

        public CaseWriter(BulkSeeder seeder, SqliteConnection connection)
        {
            _seeder = seeder;
            _connection = connection;
            var any = seeder._templates.Values.First();
            _transaction = connection.BeginTransaction();
            _cases = new Insert(connection, "Cases", any.Case.Columns, _transaction);
            _clocks = new Insert(connection, "CaseClocks", any.Clocks.Values.First().Row.Columns, _transaction);
            _timeline = new Insert(connection, "TimelineEntries", any.Opened.Columns, _transaction);
        }

        /// <summary>Writes one case with its three clocks and two timeline entries; returns the entries written.</summary>
        public int Write(int n, string priority, string status, Guid team, SeedAgent? owner, DateTimeOffset openedAt, Kind kind, DateTimeOffset now)
        {
            var template = _seeder._templates[priority];
            var caseId = _seeder.NextId();
            var values = (object?[])template.Case.Values.Clone();
            var row = template.Case;
            var claimedAt = openedAt + TimeSpan.FromMinutes(5);
            var firstResponseAt = openedAt + TimeSpan.FromMinutes(10);
            var resolvedAt = openedAt + TimeSpan.FromDays(2);
            var closedAt = openedAt + TimeSpan.FromDays(3);
            var resolutionClock = template.Clocks["Resolution"];
            var lastActivity = status switch
            {
                "New" => openedAt,
                "Resolved" => resolvedAt,
                "Closed" => closedAt,
                _ when kind == Kind.Breached => openedAt + resolutionClock.DueOffset,
                _ when kind == Kind.Warned => openedAt + resolutionClock.WarnOffset,
                _ => firstResponseAt,
            };
            var version = status switch
            {
                "New" => 1,
                "Resolved" => 5,
                "Closed" => 6,
                "WaitingOnCustomer" => 4,
                _ => kind switch { Kind.Breached => 6, Kind.Warned => 4, _ => 3 },
            };
            Set(values, row, "Id", caseId);
            Set(values, row, "Reference", _seeder.NewReference(n));
            Set(values, row, "Subject", $"{Subjects[n % Subjects.Length]} (order {100_000 + n})");
            Set(values, row, "CustomerName", $"Customer {n}");
            Set(values, row, "CustomerEmail", $"customer{n}@example.com");
            Set(values, row, "Status", status);
            Set(values, row, "Priority", priority);
            Set(values, row, "TeamId", _seeder.Text(team));
            Set(values, row, "OwnerId", owner is null ? null : _seeder.Text(owner.Id));
            Set(values, row, "OwnerName", owner?.Name);
            Set(values, row, "OpenedAt", openedAt.UtcTicks);
            Set(values, row, "LastActivityAt", lastActivity.UtcTicks);
            Set(values, row, "ClaimedAt", owner is null ? null : claimedAt.UtcTicks);
            Set(values, row, "FirstResponseAt", owner is null ? null : firstResponseAt.UtcTicks);
            Set(values, row, "WaitingSince", status == "WaitingOnCustomer" ? firstResponseAt.UtcTicks : null);
            Set(values, row, "ResolvedAt", status is "Resolved" or "Closed" ? resolvedAt.UtcTicks : null);
            Set(values, row, "ClosedAt", status == "Closed" ? closedAt.UtcTicks : null);
            Set(values, row, "ResolutionSummary", status is "Resolved" or "Closed" ? "Replacement sent and a goodwill credit applied." : null);
            Set(values, row, "Version", version);
            // What the case would store: the soonest running clock's due time while New or Open.
            Set(values, row, "NextDueAt", status switch
            {
                "New" => ClockKinds.Min(k => (openedAt + template.Clocks[k].DueOffset).UtcTicks),
                "Open" => (openedAt + resolutionClock.DueOffset).UtcTicks,
                _ => null,
            });
            _cases.Write(values);

            foreach (var clockKind in ClockKinds)
            {
                var clock = template.Clocks[clockKind];
                var met = status switch
                {
                    "New" => (DateTimeOffset?)null,
                    "Resolved" or "Closed" => clockKind switch { "Own" => claimedAt, "FirstResponse" => firstResponseAt, _ => resolvedAt },
                    _ => clockKind switch { "Own" => claimedAt, "FirstResponse" => firstResponseAt, _ => null },
                };
                var running = met is null;
                var warned = running && kind is Kind.Warned or Kind.Breached ? openedAt + clock.WarnOffset : (DateTimeOffset?)null;
                var breached = running && kind == Kind.Breached ? openedAt + clock.DueOffset : (DateTimeOffset?)null;
                WriteClock(caseId, clock, clockKind, openedAt, met, warned, breached, breached is null ? 0 : 2);
            }

            WriteEntry(template, caseId, 1, openedAt, "Opened", null, "We received your complaint.", true);
            var (entryKind, text, isPublic) = status switch
            {
                "New" => ("", "", false),
                "Resolved" => ("Resolved", "Your complaint was resolved: replacement sent and a goodwill credit applied.", true),
                "Closed" => ("Closed", "Your case is closed.", true),
                _ => ("Reply", "I am sorry about this; I will sort it out for you personally.", true),
            };
            if (entryKind.Length > 0)
            {
                WriteEntry(template, caseId, version, lastActivity, entryKind, owner, text, isPublic);
            }

            NextCase();
            return entryKind.Length > 0 ? 2 : 1;
        }

        /// <summary>A New P1 case whose time-to-own breach is due at <paramref name="due"/>, already warned.</summary>
        public Guid WriteLag(int n, Guid team, SeedAgent opener, DateTimeOffset due)
        {
            var template = _seeder._templates["P1"];
            var own = template.Clocks["Own"];
            var openedAt = due - own.DueOffset;
            var warnedAt = openedAt + own.WarnOffset;
            var caseId = _seeder.NextId();
            var row = template.Case;
            var values = (object?[])row.Values.Clone();
            Set(values, row, "Id", caseId);
            Set(values, row, "Reference", _seeder.NewReference(n));
            Set(values, row, "Subject", $"Timer lag probe {n}");
            Set(values, row, "CustomerName", $"Lag Customer {n}");
            Set(values, row, "CustomerEmail", $"lag{n}@example.com");
            Set(values, row, "Status", "New");
            Set(values, row, "Priority", "P1");
            Set(values, row, "TeamId", _seeder.Text(team));
            Set(values, row, "OwnerId", null);
            Set(values, row, "OwnerName", null);
            Set(values, row, "OpenedAt", openedAt.UtcTicks);
            Set(values, row, "LastActivityAt", warnedAt.UtcTicks);
            Set(values, row, "Version", 2);
            Set(values, row, "NextDueAt", ClockKinds.Min(k => (openedAt + template.Clocks[k].DueOffset).UtcTicks));
            _cases.Write(values);
            foreach (var clockKind in ClockKinds)
            {
                var clock = template.Clocks[clockKind];
                WriteClock(caseId, clock, clockKind, openedAt, met: null, clockKind == "Own" ? warnedAt : null, breached: null, escalation: 0);
            }

            WriteEntry(template, caseId, 1, openedAt, "Opened", opener, "We received your complaint.", true);
            _timeline.Write(EntryValues(template, caseId, 2, warnedAt, "SlaWarning", null, $"The time to own target is at risk: due at {due:u}.", false));
            NextCase();
            return Guid.Parse(caseId);
        }

        public void Finish() => _transaction.Commit();

        public void Dispose()
        {
            _transaction.Dispose();
            _cases.Dispose();
            _clocks.Dispose();
            _timeline.Dispose();
        }

        private static void Set(object?[] values, Row row, string column, object? value) => values[row.Index(column)] = value;

        private void WriteClock(string caseId, ClockTemplate clock, string kind, DateTimeOffset startedAt, DateTimeOffset? met, DateTimeOffset? warned, DateTimeOffset? breached, int escalation)
        {
            var row = clock.Row;
            var values = (object?[])row.Values.Clone();
            Set(values, row, "Id", _seeder.NextId());
            Set(values, row, "CaseId", caseId);
            Set(values, row, "Kind", kind);
            Set(values, row, "StartedAt", startedAt.UtcTicks);
            Set(values, row, "PausedBusinessTime", 0L);
            Set(values, row, "DueAt", (startedAt + clock.DueOffset).UtcTicks);
            Set(values, row, "WarnAt", (startedAt + clock.WarnOffset).UtcTicks);
            Set(values, row, "MetAt", met?.UtcTicks);
            Set(values, row, "WarnedAt", warned?.UtcTicks);
            Set(values, row, "BreachedAt", breached?.UtcTicks);
            Set(values, row, "EscalationLevel", escalation);
            Set(values, row, "NextEscalationAt", null);
            _clocks.Write(values);
        }

        private void WriteEntry(Template template, string caseId, int version, DateTimeOffset at, string kind, SeedAgent? actor, string text, bool isPublic) =>
            _timeline.Write(EntryValues(template, caseId, version, at, kind, actor, text, isPublic));

        private object?[] EntryValues(Template template, string caseId, int version, DateTimeOffset at, string kind, SeedAgent? actor, string text, bool isPublic)
        {
            var row = template.Opened;
            var values = (object?[])row.Values.Clone();
            Set(values, row, "Id", _seeder.NextId());
            Set(values, row, "CaseId", caseId);
            Set(values, row, "CaseVersion", version);
            Set(values, row, "At", at.UtcTicks);
            Set(values, row, "Kind", kind);
            if (actor is not null)
            {
                Set(values, row, "ActorId", _seeder.Text(actor.Id));
                Set(values, row, "ActorName", actor.Name);
                Set(values, row, "ActorKind", "Staff");
            }
            else if (kind != "Opened")
            {
                Set(values, row, "ActorId", null);
                Set(values, row, "ActorName", "RecoveryDesk");
                Set(values, row, "ActorKind", "System");
            }

            Set(values, row, "Text", text);
            Set(values, row, "IsPublic", isPublic ? 1L : 0L);
            Set(values, row, "SubjectId", null);
            return values;
        }

        private void NextCase()
        {
            if (++_inTransaction < CasesPerTransaction)
            {
                return;
            }

            _transaction.Commit();
            _transaction.Dispose();
            _transaction = _connection.BeginTransaction();
            _cases.Transaction = _transaction;
            _clocks.Transaction = _transaction;
            _timeline.Transaction = _transaction;
            _inTransaction = 0;
        }
    }

    /// <summary>One prepared INSERT of all a table's columns.</summary>
    private sealed class Insert : IDisposable
    {
        private readonly SqliteCommand _command;
        private readonly SqliteParameter[] _parameters;

        public Insert(SqliteConnection connection, string table, string[] columns, SqliteTransaction transaction)
        {
            _command = connection.CreateCommand();
            _command.Transaction = transaction;
            _command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
            _parameters = [.. columns.Select((_, i) => _command.Parameters.Add(new SqliteParameter { ParameterName = $"$p{i}" }))];
            _command.Prepare();
        }

        public SqliteTransaction Transaction
        {
            set => _command.Transaction = value;
        }

        public void Write(object?[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                // The type follows the value: integers for ticks and flags, text for ids and words.
                _parameters[i].Value = values[i] ?? DBNull.Value;
            }

            _command.ExecuteNonQuery();
        }

        public void Dispose() => _command.Dispose();
    }
}
