using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace RecoveryDesk.Application.Sla;

/// <summary>The "Timers" configuration section.</summary>
public sealed class TimerOptions
{
    public const string Section = "Timers";

    /// <summary>The prefix of Quartz's tables on PostgreSQL (db/postgresql/quartz.sql), lower case as PostgreSQL folds names.</summary>
    public const string PostgresTablePrefix = "qrtz_";

    /// <summary>
    /// "InMemory" (default: rebuilt from the database on start), or "Postgres" or "SqlServer": Quartz's
    /// clustered ADO store, where each deadline fires on one instance and the others recover the
    /// triggers of an instance that died.
    /// </summary>
    public string Store { get; set; } = "InMemory";

    /// <summary>For the Postgres and SqlServer stores; defaults to ConnectionStrings:RecoveryDesk.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>How often a clustered instance reports that it is alive; one silent for twice as long is recovered by the others.</summary>
    public TimeSpan ClusterCheckin { get; set; } = TimeSpan.FromSeconds(7.5);
}

public static class TimerRegistration
{
    public static IServiceCollection AddDeskTimers(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(TimerOptions.Section).Get<TimerOptions>() ?? new TimerOptions();
        services.AddSingleton<DeadlineTimers>();
        services.AddSingleton<DeadlineBatches>();
        services.AddSingleton<Assignment.OfferRounds>();
        services.AddScoped<Assignment.OfferRound>();
        services.AddSingleton(CustomerData.RetentionOptions.From(configuration));
        services.AddScoped<CustomerData.AnonymiseClosedCases>();
        services.AddQuartz(quartz =>
        {
            // RequestRecovery: in the clustered store, a firing that was running on an instance that died is
            // fired again by another (the job ends only once its batch has committed).
            quartz.AddJob<DeadlineJob>(job => job.WithIdentity(DeadlineJob.Key).StoreDurably().RequestRecovery());
            quartz.AddJob<Assignment.OfferRoundJob>(job => job.WithIdentity(Assignment.OfferRoundJob.Key).StoreDurably().RequestRecovery());
            quartz.AddJob<CustomerData.RetentionJob>(job => job.WithIdentity(CustomerData.RetentionJob.Key).StoreDurably().RequestRecovery());

            // A deadline job mostly waits for its batch to commit; enough of them run at once to fill the next batch.
            quartz.UseDefaultThreadPool(pool => pool.MaxConcurrency = 2 * DeadlineBatches.MaxBatch);
            var store = options.Store;
            if (string.Equals(store, "InMemory", StringComparison.OrdinalIgnoreCase))
            {
                quartz.UseInMemoryStore();
                return;
            }

            var connectionString = options.ConnectionString ?? configuration.GetConnectionString("RecoveryDesk")
                ?? throw new InvalidOperationException($"Timers:Store is {store} but no connection string is set.");
            // Every instance one scheduler of the same name, each with an id of its own.
            quartz.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = "RecoveryDesk";
                scheduler.GenerateInstanceId = true;
            });
            quartz.UsePersistentStore(persistent =>
            {
                // Tables: db/postgresql/quartz.sql or db/sqlserver/quartz.sql.
                if (string.Equals(store, "Postgres", StringComparison.OrdinalIgnoreCase))
                {
                    persistent.UsePostgres(connectionString);
                    persistent.ConfigureStore(ado => ado.TablePrefix = TimerOptions.PostgresTablePrefix);
                }
                else if (string.Equals(store, "SqlServer", StringComparison.OrdinalIgnoreCase))
                {
                    persistent.UseSqlServer(connectionString);
                }
                else
                {
                    throw new InvalidOperationException($"Timers:Store is {store}; use InMemory, Postgres or SqlServer.");
                }

                persistent.UseClustering(cluster =>
                {
                    cluster.CheckinInterval = options.ClusterCheckin;
                    cluster.CheckinMisfireThreshold = 2 * options.ClusterCheckin;
                });
            });
        });

        // Started before the scheduler and stopped after it (hosts stop in reverse order), so every job
        // that runs finds the batches reading.
        services.AddHostedService(provider => provider.GetRequiredService<DeadlineBatches>());
        // Runs before the scheduler starts, so deadlines missed while the service was down fire at once.
        services.AddHostedService<DeadlineRearm>();
        services.AddHostedService<CustomerData.RetentionSchedule>();
        services.AddQuartzHostedService(hosted => hosted.WaitForJobsToComplete = true);
        return services;
    }
}
