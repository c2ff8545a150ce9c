using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using RecoveryDesk.Application.Cases;
using RecoveryDesk.Application.Handoffs;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Promises;
using RecoveryDesk.Application.Staff;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Tests.Support;

/// <summary>Someone seeded on the desk, as the tests refer to them.</summary>
public sealed record Person(Guid Id, string Name);

/// <summary>
/// The application as the host wires it, on a real SQLite file in a temp folder: migrations applied,
/// a fake clock that moves only when told, two teams (Front Line, Billing) and the people who work
/// them. Every <see cref="SendAsync{TResponse}(ICommand{TResponse})"/> runs in a new DI scope, like
/// one HTTP request, so concurrent sends use separate DbContexts and connections.
/// </summary>
public sealed class DeskHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly TempFolder _folder;
    private readonly TestPostgres? _postgres;
    private readonly ServiceProvider _services;

    private DeskHarness(TempFolder folder, TestPostgres? postgres, ServiceProvider services, FakeTimeProvider clock)
    {
        _folder = folder;
        _postgres = postgres;
        _services = services;
        Clock = clock;
    }

    public FakeTimeProvider Clock { get; }

    public DateTimeOffset Now => Clock.GetUtcNow();

    public Guid FrontLine { get; } = Guid.Parse("f0000000-0000-4000-8000-00000000000f");

    public Guid Billing { get; } = Guid.Parse("b0000000-0000-4000-8000-00000000000b");

    /// <summary>Agent in Front Line; the usual first owner.</summary>
    public Person Alice { get; private set; } = null!;

    /// <summary>Agent in Front Line; Alice's colleague.</summary>
    public Person Ben { get; private set; } = null!;

    /// <summary>Agent in Billing.</summary>
    public Person Chloe { get; private set; } = null!;

    /// <summary>Agent in Billing.</summary>
    public Person Dan { get; private set; } = null!;

    /// <summary>Supervisor of the desk; works no queue herself.</summary>
    public Person Sofia { get; private set; } = null!;

    public IServiceProvider Services => _services;

    /// <summary>Starts a desk; <paramref name="configure"/> may add services after the application's (e.g. an interceptor).</summary>
    public static async Task<DeskHarness> StartAsync(Action<IServiceCollection>? configure = null, DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        var folder = new TempFolder();
        var postgres = provider == DatabaseProvider.Postgres ? await TestPostgres.CreateDatabaseAsync() : null;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = provider.ToString(),
                ["ConnectionStrings:RecoveryDesk"] = postgres?.ConnectionString ?? $"Data Source={folder.File("desk.db")}",
            })
            .Build();
        var clock = new FakeTimeProvider(Start);
        var services = new ServiceCollection();
        services.AddLogging();
        services.Replace(ServiceDescriptor.Singleton(DeskLogging.Factory));
        services.AddRecoveryDeskApplication(configuration);
        // Registered after the application, so this clock is the one every handler gets.
        services.AddSingleton<TimeProvider>(clock);
        configure?.Invoke(services);
        var built = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });

        var desk = new DeskHarness(folder, postgres, built, clock);
        try
        {
            await desk.WithDbAsync(db => db.Database.MigrateAsync());
            await desk.SeedAsync();
            return desk;
        }
        catch
        {
            await desk.DisposeAsync();
            throw;
        }
    }

    public async Task<TResponse> SendAsync<TResponse>(ICommand<TResponse> command)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command);
    }

    public async Task<TResponse> SendAsync<TResponse>(IQuery<TResponse> query)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(query);
    }

    /// <summary>Runs <paramref name="work"/> on a fresh DbContext of its own.</summary>
    public async Task<T> WithDbAsync<T>(Func<RecoveryDeskDbContext, Task<T>> work)
    {
        await using var scope = _services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<RecoveryDeskDbContext>());
    }

    public async Task WithDbAsync(Func<RecoveryDeskDbContext, Task> work)
    {
        await using var scope = _services.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<RecoveryDeskDbContext>());
    }

    /// <summary>Stages changes on a fresh DbContext and commits them through the unit of work, as the application does.</summary>
    public async Task<T> CommitAsync<T>(Func<RecoveryDeskDbContext, UnitOfWork, Task<T>> change)
    {
        await using var scope = _services.CreateAsyncScope();
        return await change(scope.ServiceProvider.GetRequiredService<RecoveryDeskDbContext>(), scope.ServiceProvider.GetRequiredService<UnitOfWork>());
    }

    public Task CommitAsync(Func<RecoveryDeskDbContext, Task> stage) =>
        CommitAsync(async (db, work) =>
        {
            await stage(db);
            await work.CommitAsync();
            return true;
        });

    /// <summary>The case as stored, with its hand-offs and promises, read past the application.</summary>
    public Task<Case> StoredCaseAsync(Guid caseId) =>
        WithDbAsync(db => db.Cases.AsNoTracking().Include(c => c.Handoffs).Include(c => c.Promises).AsSplitQuery().SingleAsync(c => c.Id == caseId));

    /// <summary>The case's stored timeline in order, read past the application.</summary>
    public Task<List<TimelineEntry>> StoredTimelineAsync(Guid caseId) =>
        WithDbAsync(db => db.Timeline.AsNoTracking().Where(t => t.CaseId == caseId).OrderBy(t => t.CaseVersion).ToListAsync());

    public Task<int> StoredCaseCountAsync() => WithDbAsync(db => db.Cases.CountAsync());

    public async Task<Person> AddStaffAsync(string displayName, string role, params Guid[] teams) =>
        (await AddStaffAsync([displayName], role, teams))[0];

    /// <summary>Adds several staff members in one save, each with one role and the given teams.</summary>
    public Task<IReadOnlyList<Person>> AddStaffAsync(IReadOnlyList<string> displayNames, string role, params Guid[] teams) =>
        CommitAsync<IReadOnlyList<Person>>(async (db, work) =>
        {
            var roleId = await db.Roles.Where(r => r.Name == role).Select(r => r.Id).SingleAsync();
            var people = displayNames.Select(name => StageStaff(db, name, roleId, teams)).ToList();
            await work.CommitAsync();
            return people;
        });

    /// <summary>Adds <paramref name="count"/> agents to one team, named "{prefix} 01", "{prefix} 02", ...</summary>
    public Task<IReadOnlyList<Person>> AddAgentsAsync(int count, Guid team, string prefix) =>
        AddStaffAsync([.. Enumerable.Range(1, count).Select(i => $"{prefix} {i:00}")], StaffRoleNames.Agent, team);

    /// <summary>Deactivates an account through the unit of work, as the staff administration does.</summary>
    public Task DeactivateAsync(Guid staffId) =>
        CommitAsync(async db => (await db.Users.SingleAsync(u => u.Id == staffId)).IsActive = false);

    /// <summary>A complaint from Mrs Hughes in <paramref name="team"/>'s queue (Front Line by default), opened by <paramref name="by"/> (Alice).</summary>
    public Task<OpenedCase> OpenCaseAsync(
        Person? by = null,
        Guid? team = null,
        string subject = "Parcel arrived damaged",
        string customerName = "Margaret Hughes",
        Priority priority = Priority.P2) =>
        SendAsync(new OpenCaseCommand(
            (by ?? Alice).Id,
            new CustomerInput(customerName, "customer@example.com", "+44 20 7946 0000", null),
            subject,
            "The vase was broken on arrival; the box was crushed.",
            Channel.Phone,
            "Delivery",
            priority,
            team ?? FrontLine));

    /// <summary>A minute later, opened in <paramref name="team"/> (Front Line) and claimed by <paramref name="owner"/> (Alice).</summary>
    public async Task<Guid> ClaimedCaseAsync(Person? owner = null, Guid? team = null)
    {
        owner ??= Alice;
        Clock.Advance(TimeSpan.FromMinutes(1));
        var opened = await OpenCaseAsync(owner, team);
        await SendAsync(new ClaimCaseCommand(owner.Id, opened.Id));
        return opened.Id;
    }

    public Task<OfferedHandoff> OfferAsync(Guid caseId, Person from, Person? toAgent = null, Guid? toTeam = null) =>
        SendAsync(new OfferHandoffCommand(from.Id, caseId, toAgent?.Id, toTeam, "Customer was promised a refund; card details are on file."));

    public Task<MadePromise> PromiseAsync(Guid caseId, Person by, TimeSpan dueIn) =>
        SendAsync(new MakePromiseCommand(by.Id, caseId, "I will call you back", Now + dueIn));

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        _folder.Dispose();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    private Task SeedAsync() =>
        CommitAsync(async db =>
        {
            db.Teams.Add(new Team { Id = FrontLine, Name = "Front Line", CreatedAt = Now });
            db.Teams.Add(new Team { Id = Billing, Name = "Billing", CreatedAt = Now });
            var roles = StaffRoleNames.All.ToDictionary(role => role, _ => Guid.NewGuid());
            foreach (var (role, id) in roles)
            {
                db.Roles.Add(new IdentityRole<Guid> { Id = id, Name = role, NormalizedName = role.ToUpperInvariant(), ConcurrencyStamp = Guid.NewGuid().ToString() });
            }

            Alice = StageStaff(db, "Alice Moreau", roles[StaffRoleNames.Agent], FrontLine);
            Ben = StageStaff(db, "Ben Okafor", roles[StaffRoleNames.Agent], FrontLine);
            Chloe = StageStaff(db, "Chloe Tan", roles[StaffRoleNames.Agent], Billing);
            Dan = StageStaff(db, "Dan Reyes", roles[StaffRoleNames.Agent], Billing);
            Sofia = StageStaff(db, "Sofia Lind", roles[StaffRoleNames.Supervisor]);
        });

    /// <summary>Adds a staff member, their role and memberships to the context, unsaved.</summary>
    private Person StageStaff(RecoveryDeskDbContext db, string displayName, Guid roleId, params Guid[] teams)
    {
        var id = Guid.NewGuid();
        var userName = displayName.ToLowerInvariant().Replace(' ', '.') + "@desk.example";
        db.Users.Add(new StaffMember
        {
            Id = id,
            UserName = userName,
            NormalizedUserName = userName.ToUpperInvariant(),
            Email = userName,
            NormalizedEmail = userName.ToUpperInvariant(),
            EmailConfirmed = true,
            SecurityStamp = Guid.NewGuid().ToString("N"),
            DisplayName = displayName,
            IsActive = true,
            CreatedAt = Now,
        });
        db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = id, RoleId = roleId });
        foreach (var team in teams)
        {
            db.TeamMemberships.Add(new TeamMembership { TeamId = team, StaffId = id });
        }

        return new Person(id, displayName);
    }
}
