using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace RecoveryDesk.Application.Persistence;

/// <summary>
/// Sets each SQLite connection up for a durable, concurrent desk: WAL so readers never block the
/// writer, synchronous FULL so an acknowledged write survives power loss, and a busy timeout so
/// concurrent writers queue instead of failing.
/// </summary>
internal sealed class SqlitePragmas(string synchronous) : DbConnectionInterceptor
{
    private readonly string _pragmas =
        $"PRAGMA journal_mode=WAL; PRAGMA synchronous={Sanitize(synchronous)}; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Sanitize(string synchronous) =>
        synchronous.ToUpperInvariant() switch
        {
            "NORMAL" => "NORMAL",
            "EXTRA" => "EXTRA",
            _ => "FULL",
        };

    private void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        command.ExecuteNonQuery();
    }
}
