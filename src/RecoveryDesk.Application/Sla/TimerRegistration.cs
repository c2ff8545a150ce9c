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
        services.AddSingleton<DeadlineBatches>();
        services.AddQuartz(quartz =>
        {
            // RequestRecovery: in the clustered store, a firing that was running on an instance that died is
            // fired again by another (the job ends only once its batch has committed).
            quartz.AddJob<DeadlineJob>(job => job.WithIdentity(DeadlineJob.Key).StoreDurably().RequestRecovery());

            // A deadline job mostly waits for its batch to commit; enough of them run at once to fill the next batch.
            quartz.UseDefaultThreadPool(pool => pool.MaxConcurrency = 2 * DeadlineBatches.MaxBatch);
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

        // Started before the scheduler and stopped after it (hosts stop in reverse order), so every job
        // that runs finds the batches reading.
        services.AddHostedService(provider => provider.GetRequiredService<DeadlineBatches>());
        // Runs before the scheduler starts, so deadlines missed while the service was down fire at once.
        services.AddHostedService<DeadlineRearm>();
        services.AddQuartzHostedService(hosted => hosted.WaitForJobsToComplete = true);
        return services;
    }
}
