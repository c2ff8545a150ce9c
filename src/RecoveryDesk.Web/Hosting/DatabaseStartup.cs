using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Staff;
using RecoveryDesk.Web.Demo;

namespace RecoveryDesk.Web.Hosting;

/// <summary>The "Bootstrap" configuration section: the first admin of a desk that has none.</summary>
public sealed class BootstrapOptions
{
    public string? AdminEmail { get; set; }

    public string? AdminPassword { get; set; }

    public string AdminName { get; set; } = "Desk Admin";
}

/// <summary>
/// Brings the database up to date on start: migrations, roles, the first admin, and demo data when
/// asked. Registered as the first hosted service, so timers and the outbox start on a ready database.
/// </summary>
internal sealed class DatabaseStartup(IServiceProvider root, IConfiguration configuration, DemoMode demoMode) : IHostedService
{
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = root.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<RecoveryDeskDbContext>();
        var options = services.GetRequiredService<DatabaseOptions>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("RecoveryDesk.Startup");
        if (options.Provider == DatabaseProvider.Sqlite || options.ApplyMigrationsOnStart)
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        var roles = services.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
        foreach (var role in StaffRoleNames.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole<Guid>(role) { Id = Guid.CreateVersion7() });
            }
        }

        var users = services.GetRequiredService<UserManager<StaffMember>>();
        var clock = services.GetRequiredService<TimeProvider>();
        var bootstrap = configuration.GetSection("Bootstrap").Get<BootstrapOptions>() ?? new BootstrapOptions();
        if (!string.IsNullOrWhiteSpace(bootstrap.AdminEmail) && !string.IsNullOrEmpty(bootstrap.AdminPassword)
            && (await users.GetUsersInRoleAsync(StaffRoleNames.Admin)).Count == 0)
        {
            await StaffAccounts.CreateAsync(users, db, services.GetRequiredService<UnitOfWork>(), null, bootstrap.AdminEmail, bootstrap.AdminName, bootstrap.AdminPassword, [StaffRoleNames.Admin], [], clock.GetUtcNow());
            logger.LogInformation("Created the first admin, {Email}, from the Bootstrap settings.", bootstrap.AdminEmail);
        }

        if (demoMode.Enabled)
        {
            await DemoData.SeedAsync(services, logger);
        }
    }
}

/// <summary>Whether the process was started with --demo.</summary>
public sealed record DemoMode(bool Enabled);
