using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Staff;

namespace RecoveryDesk.Web.Tests.Support;

/// <summary>
/// The real host on a real SQLite file in a temp folder, with a fake clock and a known staff:
/// Front Line (ava, ben, cara, plus supervisor sam), Billing (dan, sam), admin ada, and an
/// outsider (olga) in a third team. Sign in with <see cref="ClientFor"/>.
/// </summary>
public sealed class DeskApp : WebApplicationFactory<Program>
{
    public const string Password = "Test-Password-2026!";

    private readonly Dictionary<string, string> _settings;

    private readonly bool _realServer;

    private readonly Action<IServiceCollection>? _services;

    /// <summary>A new SQLite desk starts from a copy of one migrated and seeded once per test run.</summary>
    private readonly bool _fromTemplate;

    private static readonly SemaphoreSlim TemplateGate = new(1, 1);

    private static string? _template;

    /// <param name="services">Replaces or adds services after the host's own, e.g. to count what a seam was asked.</param>
    /// <param name="clock">A clock shared with other instances of the same desk; each desk has its own otherwise.</param>
    public DeskApp(string? databaseFile = null, IDictionary<string, string>? settings = null, bool realServer = false, Action<IServiceCollection>? services = null, FakeTimeProvider? clock = null)
    {
        _realServer = realServer;
        Clock = clock ?? new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        _services = services;
        Folder = Path.Combine(Path.GetTempPath(), "recoverydesk-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        DatabaseFile = databaseFile ?? Path.Combine(Folder, "desk.db");
        var provider = settings?.TryGetValue("Database:Provider", out var named) == true ? named : "Sqlite";
        _fromTemplate = databaseFile is null && string.Equals(provider, "Sqlite", StringComparison.OrdinalIgnoreCase)
            && settings?.ContainsKey("ConnectionStrings:RecoveryDesk") != true;
        _settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:RecoveryDesk"] = $"Data Source={DatabaseFile}",
            ["RateLimits:SignInPerMinute"] = "10000",
            ["RateLimits:CustomerPerAddressPerMinute"] = "100000",
            ["RateLimits:CustomerPerReferencePerMinute"] = "100000",
            // Only the tests about the complaint form's guards meet them; those set their own.
            ["Complaints:MinimumFillTime"] = "00:00:00",
            ["Complaints:PerAddressPerHour"] = "100000",
            // Tests move the fake clock by hours and days; tokens must outlive that.
            ["Auth:AccessTokenLifetime"] = "30.00:00:00",
            ["Mail:PickupFolder"] = Path.Combine(Folder, "mail"),
            ["Mail:InboundFolder"] = Path.Combine(Folder, "inbox"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            _settings[key] = value;
        }
    }

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public string Folder { get; }

    public string DatabaseFile { get; }

    public FakeTimeProvider Clock { get; }

    public Dictionary<string, Guid> StaffIds { get; } = [];

    public Dictionary<string, Guid> TeamIds { get; } = [];

    /// <summary>Starts the host and seeds teams and staff (once per database file).</summary>
    public async Task<DeskApp> StartAsync()
    {
        if (_realServer)
        {
            // A real Kestrel server on a free loopback port, for browsers.
            UseKestrel();
            StartServer();
        }
        else
        {
            _ = Server;
        }

        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecoveryDeskDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffMember>>();
        var work = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
        foreach (var name in new[] { "Front Line", "Billing", "Outpost" })
        {
            var team = db.Teams.SingleOrDefault(t => t.Name == name);
            if (team is null)
            {
                team = new Team { Id = Guid.NewGuid(), Name = name, CreatedAt = Clock.GetUtcNow() };
                db.Teams.Add(team);
                await work.CommitAsync();
            }

            TeamIds[name] = team.Id;
        }

        (string Key, string Name, string Role, string[] Teams)[] people =
        [
            ("ava", "Ava Thompson", StaffRoleNames.Agent, ["Front Line"]),
            ("ben", "Ben Okafor", StaffRoleNames.Agent, ["Front Line"]),
            ("cara", "Cara Lindqvist", StaffRoleNames.Agent, ["Front Line"]),
            ("dan", "Dan Moreau", StaffRoleNames.Agent, ["Billing"]),
            ("sam", "Sam Patel", StaffRoleNames.Supervisor, ["Front Line", "Billing"]),
            ("ada", "Ada Nakamura", StaffRoleNames.Admin, []),
            ("olga", "Olga Ivanova", StaffRoleNames.Agent, ["Outpost"]),
        ];
        foreach (var (key, name, role, teams) in people)
        {
            var email = EmailOf(key);
            var existing = await users.FindByEmailAsync(email);
            StaffIds[key] = existing?.Id
                ?? (await StaffAccounts.CreateAsync(users, db, work, null, email, name, Password, [role], teams.Select(t => TeamIds[t]), Clock.GetUtcNow())).Id;
        }

        return this;
    }

    public static string EmailOf(string key) => $"{key}@test.example";

    /// <summary>
    /// The database every new SQLite desk copies: migrated, with the teams, the staff and the Data
    /// Protection keys, made by the first desk of the run. Saves each desk the migration, seven password
    /// hashes and a key ring; what the tests then write is their own.
    /// </summary>
    private static async Task<string> TemplateAsync()
    {
        await TemplateGate.WaitAsync();
        try
        {
            if (_template is null)
            {
                var file = Path.Combine(Path.GetTempPath(), "recoverydesk-tests", $"template-{Guid.NewGuid():N}.db");
                using (var seeding = new DeskApp(databaseFile: file))
                {
                    await seeding.StartAsync();
                    using var client = await seeding.ClientFor("ada");
                }

                await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file}"))
                {
                    await connection.OpenAsync();
                    await using var checkpoint = connection.CreateCommand();
                    checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                    await checkpoint.ExecuteNonQueryAsync();
                }

                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                _template = file;
            }

            return _template;
        }
        finally
        {
            TemplateGate.Release();
        }
    }

    /// <summary>The address of the real server (only with realServer: true): the loopback one asked for, not a metrics port beside it.</summary>
    public Uri ServerAddress =>
        new(Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal)));

    /// <summary>Adds an agent to a team, e.g. to stage fifty claimants.</summary>
    public Task<Guid> AddAgentAsync(string key, string name, string team) => AddStaffAsync(key, name, team, StaffRoleNames.Agent);

    /// <summary>Adds a colleague with one role to a team, e.g. a supervisor of another team.</summary>
    public async Task<Guid> AddStaffAsync(string key, string name, string team, string role)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecoveryDeskDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffMember>>();
        var member = await StaffAccounts.CreateAsync(users, db, scope.ServiceProvider.GetRequiredService<UnitOfWork>(), null, EmailOf(key), name, Password, [role], [TeamIds[team]], Clock.GetUtcNow());
        StaffIds[key] = member.Id;
        return member.Id;
    }

    /// <summary>An HTTP client signed in with a bearer token as the given person.</summary>
    public async Task<HttpClient> ClientFor(string key)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email = EmailOf(key), password = Password });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        return client;
    }

    /// <summary>The bearer token alone, e.g. for a SignalR connection.</summary>
    public async Task<string> TokenFor(string key)
    {
        using var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email = EmailOf(key), password = Password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    /// <summary>Opens a case in the given team as the given person and returns the created body.</summary>
    public async Task<JsonElement> OpenCaseAsync(HttpClient client, string team = "Front Line", string subject = "Parcel arrived damaged", string priority = "P2", string channel = "Phone")
    {
        var response = await client.PostAsJsonAsync("/api/cases", new
        {
            customer = new { name = "Margaret Hill", email = "m.hill@example.com", preferredAddress = "Mrs Hill" },
            subject,
            description = "The box was crushed and the vase inside is broken.",
            channel,
            priority,
            teamId = TeamIds[team],
        });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (_fromTemplate && !File.Exists(DatabaseFile))
        {
            // The host is being built (by StartAsync or a first use of Services): nothing has opened the file yet.
            File.Copy(TemplateAsync().GetAwaiter().GetResult(), DatabaseFile);
        }

        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_realServer)
        {
            builder.UseSetting("urls", "http://127.0.0.1:0");
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            // The same hasher with fewer rounds: each desk creates seven accounts and the tests sign in
            // thousands of times, at about 60 ms a hash at the production strength the service keeps.
            services.Configure<PasswordHasherOptions>(hashing => hashing.IterationCount = 1_000);
            _services?.Invoke(services);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by a background task; the temp folder is cleaned up by the OS.
            }
        }
    }
}
