using Microsoft.Data.Sqlite;
using RecoveryDesk.Application.Persistence;

namespace RecoveryDesk.Web.Hosting;

/// <summary>
/// The <c>backup &lt;file&gt;</c> verb: a consistent copy of the SQLite database taken while the service
/// runs, with the service's own configuration, and no web host started. Server databases have their own
/// tools, which this does not pretend to replace.
/// </summary>
internal static class DatabaseBackup
{
    public const string Verb = "backup";

    public const int Done = 0;
    public const int Failed = 1;
    public const int Refused = 2;

    public static async Task<int> RunAsync(IConfiguration configuration, string? target, TextWriter output, TextWriter errors)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        switch (options.Provider)
        {
            case DatabaseProvider.Postgres:
                await errors.WriteLineAsync("backup copies a SQLite database; this desk is on PostgreSQL: use pg_dump (and pg_restore to restore).");
                return Refused;
            case DatabaseProvider.SqlServer:
                await errors.WriteLineAsync("backup copies a SQLite database; this desk is on SQL Server: use BACKUP DATABASE (and RESTORE DATABASE to restore).");
                return Refused;
        }

        if (string.IsNullOrWhiteSpace(target))
        {
            await errors.WriteLineAsync("usage: backup <file>   (the file must not exist yet)");
            return Refused;
        }

        var copy = Path.GetFullPath(target);
        if (File.Exists(copy) || Directory.Exists(copy))
        {
            await errors.WriteLineAsync($"{copy} already exists; backup never overwrites: choose a new file.");
            return Refused;
        }

        var source = new SqliteConnectionStringBuilder(configuration.GetConnectionString(DatabaseOptions.ConnectionStringName) ?? DatabaseOptions.DefaultSqliteConnectionString)
        {
            // Never create an empty database where the desk's should be.
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
        };
        if (!File.Exists(source.DataSource))
        {
            await errors.WriteLineAsync($"There is no database at {Path.GetFullPath(source.DataSource)} to back up.");
            return Refused;
        }

        try
        {
            var folder = Path.GetDirectoryName(copy);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }

            await using var connection = new SqliteConnection(source.ToString());
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            // VACUUM INTO reads one snapshot (a WAL read transaction), so the service's writers go on meanwhile.
            command.CommandText = "PRAGMA busy_timeout=30000; VACUUM INTO $copy;";
            command.Parameters.AddWithValue("$copy", copy);
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync();
        }
        catch (SqliteException error)
        {
            await errors.WriteLineAsync($"The backup failed: {error.Message}");
            return Failed;
        }

        await output.WriteLineAsync($"Backed up {Path.GetFullPath(source.DataSource)} to {copy} ({new FileInfo(copy).Length:N0} bytes).");
        return Done;
    }
}
