using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace RecoveryDesk.Application.Persistence;

/// <summary>
/// Sets each SQLite connection up for a durable, concurrent desk: WAL so readers never block the
/// writer, synchronous FULL so an acknowledged write survives power loss, and a busy timeout so
/// concurrent writers queue instead of failing. The settings belong to the physical connection, which
/// the pool keeps open between uses, so they are applied once per physical connection, not per open.
/// </summary>
internal sealed class SqlitePragmas(string synchronous) : DbConnectionInterceptor
{
    private static readonly object Applied = new();

    private readonly ConditionalWeakTable<object, object> _prepared = [];

    private readonly string _pragmas =
        $"PRAGMA journal_mode=WAL; PRAGMA synchronous={Sanitize(synchronous)}; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (NeedsPragmas(connection, out var handle))
        {
            using var command = connection.CreateCommand();
            command.CommandText = _pragmas;
            command.ExecuteNonQuery();
            Remember(handle);
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (NeedsPragmas(connection, out var handle))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = _pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
            Remember(handle);
        }
    }

    private static string Sanitize(string synchronous) =>
        synchronous.ToUpperInvariant() switch
        {
            "NORMAL" => "NORMAL",
            "EXTRA" => "EXTRA",
            _ => "FULL",
        };

    private bool NeedsPragmas(DbConnection connection, out object? handle)
    {
        handle = (connection as SqliteConnection)?.Handle;
        return handle is null || !_prepared.TryGetValue(handle, out _);
    }

    private void Remember(object? handle)
    {
        if (handle is not null)
        {
            _prepared.AddOrUpdate(handle, Applied);
        }
    }
}
