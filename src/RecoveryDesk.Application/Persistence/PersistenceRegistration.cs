using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace RecoveryDesk.Application.Persistence;

public static class PersistenceRegistration
{
    public const string SqliteMigrationsAssembly = "RecoveryDesk.Migrations.Sqlite";
    public const string SqlServerMigrationsAssembly = "RecoveryDesk.Migrations.SqlServer";
    public const string PostgresMigrationsAssembly = "RecoveryDesk.Migrations.Postgres";

    public static IServiceCollection AddRecoveryDeskPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        services.AddSingleton(options);
        services.AddDbContext<RecoveryDeskDbContext>(
            builder => Configure(builder, options, connectionString),
            ServiceLifetime.Scoped,
            // Built once, not per request: the options (and the SQLite set-up they carry) are the same for every context.
            ServiceLifetime.Singleton);
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            services.AddSingleton<IWriteLock, SqliteWriteLock>();
        }
        else
        {
            services.AddSingleton<IWriteLock, ServerWriteLock>();
        }

        services.AddScoped<UnitOfWork>();
        return services;
    }

    public static void Configure(DbContextOptionsBuilder builder, DatabaseOptions options, string? connectionString)
    {
        switch (options.Provider)
        {
            case DatabaseProvider.SqlServer:
                builder.UseSqlServer(Required(connectionString, options.Provider), sql => sql.MigrationsAssembly(SqlServerMigrationsAssembly));
                break;
            case DatabaseProvider.Postgres:
                builder.UseNpgsql(Required(connectionString, options.Provider), postgres => postgres.MigrationsAssembly(PostgresMigrationsAssembly));
                break;
            default:
                var sqlite = PrepareSqlite(connectionString ?? DatabaseOptions.DefaultSqliteConnectionString);
                builder.UseSqlite(sqlite, sql => sql.MigrationsAssembly(SqliteMigrationsAssembly))
                    .AddInterceptors(new SqlitePragmas(options.SqliteSynchronous));
                break;
        }
    }

    private static string Required(string? connectionString, DatabaseProvider provider) =>
        string.IsNullOrWhiteSpace(connectionString)
            ? throw new InvalidOperationException($"Database:Provider is {provider} but ConnectionStrings:RecoveryDesk is not set.")
            : connectionString;

    /// <summary>Makes sure the folder of the database file exists, so a fresh checkout just runs.</summary>
    private static string PrepareSqlite(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(file));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        if (builder.DefaultTimeout < 30)
        {
            builder.DefaultTimeout = 30;
        }

        return builder.ToString();
    }
}
