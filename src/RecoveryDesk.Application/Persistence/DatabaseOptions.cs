namespace RecoveryDesk.Application.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
    SqlServer,
}

/// <summary>The "Database" configuration section; the connection string is ConnectionStrings:RecoveryDesk.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string ConnectionStringName = "RecoveryDesk";
    public const string DefaultSqliteConnectionString = "Data Source=data/recoverydesk.db";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>SQLite only: FULL (default) survives power loss; NORMAL survives a process crash and is much faster.</summary>
    public string SqliteSynchronous { get; set; } = "FULL";

    /// <summary>PostgreSQL and SQL Server migrations run on start only when this is set; SQLite ones always do.</summary>
    public bool ApplyMigrationsOnStart { get; set; }
}
