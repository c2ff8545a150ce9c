using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Persistence;

namespace RecoveryDesk.Application.Tests.Support;

/// <summary>DbContexts configured exactly as the host configures them, for each database provider.</summary>
public static class Contexts
{
    /// <summary>Only builds the model and SQL; nothing connects to this server.</summary>
    public const string UnreachableSqlServer = "Server=localhost;Database=x;Trusted_Connection=True;TrustServerCertificate=True";

    public static RecoveryDeskDbContext Sqlite(string file) =>
        Create(new DatabaseOptions { Provider = DatabaseProvider.Sqlite }, $"Data Source={file}");

    public static RecoveryDeskDbContext SqlServer() =>
        Create(new DatabaseOptions { Provider = DatabaseProvider.SqlServer }, UnreachableSqlServer);

    /// <summary>PostgreSQL at <paramref name="connectionString"/>; the default only builds the model and SQL, connecting nowhere.</summary>
    public static RecoveryDeskDbContext Postgres(string connectionString = "Host=localhost;Database=x;Username=x") =>
        Create(new DatabaseOptions { Provider = DatabaseProvider.Postgres }, connectionString);

    private static RecoveryDeskDbContext Create(DatabaseOptions options, string connectionString)
    {
        var builder = new DbContextOptionsBuilder<RecoveryDeskDbContext>();
        PersistenceRegistration.Configure(builder, options, connectionString);
        return new RecoveryDeskDbContext(builder.Options);
    }
}
