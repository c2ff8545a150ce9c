using System.Globalization;

namespace RecoveryDesk.Bench;

/// <summary>
/// What one run measures and how big it is. Full mode (the default) uses the sizes from issue 8;
/// <c>--smoke</c> runs every phase once end to end with tiny counts, in seconds, so CI can keep the
/// harness working. Every count can be lowered (or raised) from the command line.
/// </summary>
internal sealed class BenchSettings
{
    public const string Usage = """
        RecoveryDesk load harness (issue 8). Starts the real service (Release build) on 127.0.0.1 with a
        fresh SQLite file per phase and drives it through its HTTP API and /hubs/desk only.

        usage: build/bench.sh [--smoke] [options]

          --smoke                 seconds-long run of every phase with tiny counts (exit 0 if all ran)
          --service PATH          RecoveryDesk.Web.dll (default: src/RecoveryDesk.Web/bin/Release/net10.0/)
          --work DIR              where the databases and service logs go (default: a new folder in the system temporary folder)
          --keep                  keep that folder afterwards (default: deleted when the run succeeds)
          --phases LIST           any of raw,cycle,push,scale,soak,mail,inbound,assign (default: all but soak, mail, inbound and assign; smoke adds them, short)
          --soak-minutes N        length of the soak phase: mixed recovery cycles at a steady load (default 10)
          --soak-agents N         concurrent agents during the soak (default 8)
          --raw-seconds N         length of each raw SQLite run (FULL, then NORMAL)
          --agents LIST           concurrent agents for the recovery cycle (default 1,8,32)
          --cycle-seconds N       measured seconds per agent count and synchronous mode
          --cycle-sync LIST       synchronous modes for the cycle (default FULL,NORMAL)
          --warmup-seconds N      untimed load after each service start before the cycle rows (default 45)
          --consoles N            live consoles on /hubs/desk in the push phase (default 1000)
          --push-rate N           notes per second while the consoles listen (default 500)
          --push-seconds N        measured seconds of the push phase
          --push-sync MODE        synchronous mode of the service during the push phase (default NORMAL)
          --assign-agents LIST    team sizes for offered assignment against queue-and-claim (default 8,32)
          --assign-cases N        measured cases per team size and path (default 400)
          --assign-interval-ms N  one case arrives every N ms (default 50)
          --assign-think-ms N     an agent's think time before accepting an offer or claiming (default 200)
          --assign-capacity N     the load each member may carry, P3 counting 2 (default 200, the most a team allows)
          --total-cases N         cases seeded for the reads and timers phase (default 1000000)
          --open-cases N          of which open (New, Open, WaitingOnCustomer) (default 100000)
          --reads N               measured requests per read endpoint (default 300)
          --lag-cases N           deadlines due in the same second (default 1000)
          --time-limit N          stop everything after N seconds (default 1800, smoke 240)
        """;

    public bool Smoke { get; private set; }

    public string? ServiceDll { get; private set; }

    public string? WorkFolder { get; private set; }

    public bool Keep { get; private set; }

    public HashSet<string> Phases { get; private set; } = new(["raw", "cycle", "push", "scale"], StringComparer.OrdinalIgnoreCase);

    public TimeSpan RawDuration { get; private set; } = TimeSpan.FromSeconds(5);

    /// <summary>Issue 9's bounded soak: how long, and how many agents run recovery cycles meanwhile.</summary>
    public TimeSpan SoakDuration { get; private set; } = TimeSpan.FromMinutes(10);

    public int SoakAgents { get; private set; } = 8;

    public IReadOnlyList<int> AgentCounts { get; private set; } = [1, 8, 32];

    public TimeSpan CycleWarmup { get; private set; } = TimeSpan.FromSeconds(3);

    /// <summary>Untimed load after each service start, so rows measure a service in its steady state (code tiered up, caches filled).</summary>
    public TimeSpan ServiceWarmup { get; private set; } = TimeSpan.FromSeconds(45);

    public TimeSpan CycleDuration { get; private set; } = TimeSpan.FromSeconds(15);

    public IReadOnlyList<string> CycleSyncModes { get; private set; } = ["FULL", "NORMAL"];

    public int Consoles { get; private set; } = 1000;

    /// <summary>Teams of the push phase; each has <see cref="PushAgentsPerTeam"/> agents.</summary>
    public int PushTeams { get; private set; } = 50;

    public int PushAgentsPerTeam { get; private set; } = 2;

    /// <summary>Supervisor consoles (one supervisor each); they hear every event.</summary>
    public int SupervisorConsoles { get; private set; } = 2;

    public int PushRate { get; private set; } = 500;

    public TimeSpan PushWarmup { get; private set; } = TimeSpan.FromSeconds(3);

    public TimeSpan PushDuration { get; private set; } = TimeSpan.FromSeconds(20);

    public string PushSync { get; private set; } = "NORMAL";

    /// <summary>Issue 17: team sizes at which offered assignment and queue-and-claim each run in a fresh team.</summary>
    public IReadOnlyList<int> AssignAgentCounts { get; private set; } = [8, 32];

    /// <summary>Cases opened first in each run and not measured: a fresh team's first offers and claims warm the service's code.</summary>
    public int AssignWarmupCases { get; private set; } = 20;

    public int AssignCases { get; private set; } = 400;

    public TimeSpan AssignInterval { get; private set; } = TimeSpan.FromMilliseconds(50);

    public TimeSpan AssignThinkTime { get; private set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>High enough that every case finds a member with room: the figure is the time to an owner, not the queue left over.</summary>
    public int AssignCapacity { get; private set; } = 200;

    public int TotalCases { get; private set; } = 1_000_000;

    public int OpenCases { get; private set; } = 100_000;

    /// <summary>Teams of the scale phase; open cases are spread over them.</summary>
    public int ScaleTeams { get; private set; } = 10;

    public int ReadWarmup { get; private set; } = 20;

    public int Reads { get; private set; } = 300;

    public int LagCases { get; private set; } = 1000;

    public TimeSpan TimeLimit { get; private set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long the service may take from start to /health/ready.</summary>
    public TimeSpan StartTimeout { get; private set; } = TimeSpan.FromMinutes(5);

    public static BenchSettings Parse(IReadOnlyList<string> args)
    {
        var settings = new BenchSettings();
        if (args.Contains("--smoke"))
        {
            settings.ApplySmoke();
        }

        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            int Number() => int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n
                : throw new ArgumentException($"{name} needs a positive whole number.");
            TimeSpan Seconds() => TimeSpan.FromSeconds(Number());
            switch (name)
            {
                case "--smoke":
                    break;
                case "--service":
                    settings.ServiceDll = Path.GetFullPath(Value());
                    break;
                case "--work":
                    settings.WorkFolder = Path.GetFullPath(Value());
                    break;
                case "--keep":
                    settings.Keep = true;
                    break;
                case "--phases":
                    settings.Phases = new(Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase);
                    break;
                case "--soak-minutes":
                    settings.SoakDuration = TimeSpan.FromMinutes(Number());
                    break;
                case "--soak-agents":
                    settings.SoakAgents = Number();
                    break;
                case "--raw-seconds":
                    settings.RawDuration = Seconds();
                    break;
                case "--agents":
                    settings.AgentCounts = [.. Value().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
                    break;
                case "--cycle-seconds":
                    settings.CycleDuration = Seconds();
                    break;
                case "--warmup-seconds":
                    settings.ServiceWarmup = Seconds();
                    break;
                case "--cycle-sync":
                    settings.CycleSyncModes = [.. Value().Split(',').Select(Synchronous)];
                    break;
                case "--consoles":
                    settings.Consoles = Number();
                    break;
                case "--push-rate":
                    settings.PushRate = Number();
                    break;
                case "--push-seconds":
                    settings.PushDuration = Seconds();
                    break;
                case "--push-sync":
                    settings.PushSync = Synchronous(Value());
                    break;
                case "--assign-agents":
                    settings.AssignAgentCounts = [.. Value().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
                    break;
                case "--assign-cases":
                    settings.AssignCases = Number();
                    break;
                case "--assign-interval-ms":
                    settings.AssignInterval = TimeSpan.FromMilliseconds(Number());
                    break;
                case "--assign-think-ms":
                    settings.AssignThinkTime = TimeSpan.FromMilliseconds(Number());
                    break;
                case "--assign-capacity":
                    settings.AssignCapacity = Number();
                    break;
                case "--total-cases":
                    settings.TotalCases = Number();
                    break;
                case "--open-cases":
                    settings.OpenCases = Number();
                    break;
                case "--reads":
                    settings.Reads = Number();
                    break;
                case "--lag-cases":
                    settings.LagCases = Number();
                    break;
                case "--time-limit":
                    settings.TimeLimit = Seconds();
                    break;
                default:
                    throw new ArgumentException($"Unknown option {name}.");
            }
        }

        if (settings.OpenCases > settings.TotalCases)
        {
            throw new ArgumentException("--open-cases cannot be more than --total-cases.");
        }

        if (settings.AgentCounts.Any(n => n < 1) || settings.AssignAgentCounts.Any(n => n < 1))
        {
            throw new ArgumentException("--agents and --assign-agents take positive numbers.");
        }

        return settings;
    }

    public BenchSettings WithService(string serviceDll)
    {
        ServiceDll = serviceDll;
        return this;
    }

    /// <summary>The agent consoles per push agent, so that all consoles add up to <see cref="Consoles"/>.</summary>
    public int ConsolesPerPushAgent =>
        Math.Max(1, (int)Math.Round((Consoles - SupervisorConsoles) / (double)(PushTeams * PushAgentsPerTeam)));

    private static string Synchronous(string mode) =>
        mode.Trim().ToUpperInvariant() is "FULL" or "NORMAL" ? mode.Trim().ToUpperInvariant() : throw new ArgumentException("Synchronous modes are FULL or NORMAL.");

    private void ApplySmoke()
    {
        Smoke = true;
        Phases.Add("soak");
        Phases.Add("mail");
        Phases.Add("inbound");
        Phases.Add("assign");
        SoakDuration = TimeSpan.FromSeconds(4);
        SoakAgents = 2;
        RawDuration = TimeSpan.FromMilliseconds(300);
        AgentCounts = [1, 2];
        CycleWarmup = TimeSpan.FromMilliseconds(500);
        ServiceWarmup = TimeSpan.FromMilliseconds(500);
        CycleDuration = TimeSpan.FromSeconds(1);
        Consoles = 10;
        PushTeams = 2;
        PushAgentsPerTeam = 2;
        SupervisorConsoles = 2;
        PushRate = 20;
        PushWarmup = TimeSpan.FromMilliseconds(300);
        PushDuration = TimeSpan.FromSeconds(1);
        TotalCases = 2_000;
        OpenCases = 200;
        ScaleTeams = 2;
        ReadWarmup = 2;
        Reads = 10;
        LagCases = 20;
        AssignAgentCounts = [2];
        AssignWarmupCases = 1;
        AssignCases = 5;
        AssignThinkTime = TimeSpan.FromMilliseconds(20);
        TimeLimit = TimeSpan.FromMinutes(4);
        StartTimeout = TimeSpan.FromSeconds(60);
    }
}
