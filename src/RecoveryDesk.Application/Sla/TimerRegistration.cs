using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace RecoveryDesk.Application.Sla;

/// <summary>The "Timers" configuration section.</summary>
public sealed class TimerOptions
{
    public const string Section = "Timers";

    /// <summary>"InMemory" (default: rebuilt from the database on start) or "SqlServer" (Quartz's clustered ADO store).</summary>
    public string Store { get; set; } = "InMemory";

    /// <summary>For the SqlServer store; defaults to ConnectionStrings:RecoveryDesk.</summary>
    public string? ConnectionString { get; set; }
}

public static class TimerRegistration
{
    public static IServiceCollection AddDeskTimers(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(TimerOptions.Section).Get<TimerOptions>() ?? new TimerOptions();
        services.AddSingleton<DeadlineTimers>();
        services.AddSingleton<DeadlineSync>();
        services.AddSingleton<ISaveChangesInterceptor>(provider => provider.GetRequiredService<DeadlineSync>());
        services.AddQuartz(quartz =>
        {
            quartz.AddJob<DeadlineJob>(job => job.WithIdentity(DeadlineJob.Key).StoreDurably());
            if (string.Equals(options.Store, "SqlServer", StringComparison.OrdinalIgnoreCase))
            {
                var connectionString = options.ConnectionString ?? configuration.GetConnectionString("RecoveryDesk")
                    ?? throw new InvalidOperationException("Timers:Store is SqlServer but no connection string is set.");
                // Tables: db/sqlserver/quartz.sql. Clustering lets several instances share the timers.
                quartz.UsePersistentStore(store =>
                {
                    store.UseSqlServer(connectionString);
                    store.UseClustering();
                });
            }
            else
            {
                quartz.UseInMemoryStore();
            }
        });

        // Runs before the scheduler starts, so deadlines missed while the service was down fire at once.
        services.AddHostedService<DeadlineRearm>();
        services.AddQuartzHostedService(hosted => hosted.WaitForJobsToComplete = true);
        return services;
    }
}
