using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace RecoveryDesk.Bench;

/// <summary>What the service logged when it re-armed its timers on start.</summary>
internal sealed record RearmLine(int Timers, int Cases, long Milliseconds);

/// <summary>CPU the service and the harness (which shares the machine with it) used since <see cref="Start"/>, in cores: 2.0 = both cores of this machine busy.</summary>
internal sealed record CpuUse(DeskService Service, TimeSpan ServiceBefore, TimeSpan BenchBefore, long Started)
{
    public static CpuUse Start(DeskService service) =>
        new(service, service.CpuTime(), Process.GetCurrentProcess().TotalProcessorTime, Stopwatch.GetTimestamp());

    public (double Service, double Bench) Cores()
    {
        var wall = Stopwatch.GetElapsedTime(Started).TotalSeconds;
        return ((Service.CpuTime() - ServiceBefore).TotalSeconds / wall, (Process.GetCurrentProcess().TotalProcessorTime - BenchBefore).TotalSeconds / wall);
    }
}

/// <summary>
/// The real service as a child process: <c>dotnet RecoveryDesk.Web.dll --urls http://127.0.0.1:PORT</c>
/// from its Release output folder (so its appsettings.json applies), with the database, the first admin
/// and the synchronous mode given through environment variables. Its output goes to a log file; the
/// re-arm line is picked out of it.
/// </summary>
internal sealed partial class DeskService : IAsyncDisposable
{
    public const string AdminEmail = "bench-admin@bench.test";
    public const string Password = "Bench-Recovery-2026!";

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();
    private readonly TaskCompletionSource<RearmLine> _rearm = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _stopped;

    private DeskService(Process process, StreamWriter log, Uri baseAddress, string name)
    {
        _process = process;
        _log = log;
        BaseAddress = baseAddress;
        Name = name;
    }

    /// <summary>Every service this run started and has not stopped yet, so a failing run can end them.</summary>
    public static List<DeskService> Running { get; } = [];

    public Uri BaseAddress { get; }

    public string Name { get; }

    public int ProcessId => _process.Id;

    /// <summary>From starting the process to the first 200 from /health/ready.</summary>
    public TimeSpan StartToReady { get; private set; }

    public Task<RearmLine> Rearm => _rearm.Task;

    public static async Task<DeskService> StartAsync(
        BenchSettings settings, string databasePath, string synchronous, string logPath, string name, CancellationToken ct,
        IReadOnlyDictionary<string, string>? more = null)
    {
        var dll = settings.ServiceDll ?? throw new InvalidOperationException("No service path.");
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = ContentRoot(dll),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
        var environment = start.Environment;
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        environment["DOTNET_ENVIRONMENT"] = "Production";
        environment["ConnectionStrings__RecoveryDesk"] = $"Data Source={databasePath}";
        environment["Database__SqliteSynchronous"] = synchronous;
        environment["Bootstrap__AdminEmail"] = AdminEmail;
        environment["Bootstrap__AdminPassword"] = Password;
        environment["Bootstrap__AdminName"] = "Bench Admin";
        environment["RateLimits__SignInPerMinute"] = "1000000";
        environment["Auth__AccessTokenLifetime"] = "06:00:00";
        environment["Logging__Console__FormatterName"] = "simple";
        environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        environment["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ";
        environment["Logging__Console__FormatterOptions__UseUtcTimestamp"] = "true";
        foreach (var (key, value) in more ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var service = new DeskService(process, log, baseAddress, name);
        process.OutputDataReceived += (_, e) => service.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => service.OnLine(e.Data);
        var started = Stopwatch.GetTimestamp();
        if (!process.Start())
        {
            throw new InvalidOperationException("Could not start the service.");
        }

        lock (Running)
        {
            Running.Add(service);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        service.Write($"# bench: started pid {process.Id} on {baseAddress} with {databasePath}, synchronous={synchronous}");
        try
        {
            await service.WaitReadyAsync(settings.StartTimeout, ct);
        }
        catch
        {
            await service.StopAsync();
            throw;
        }

        service.StartToReady = Stopwatch.GetElapsedTime(started);
        service.Write($"# bench: ready after {service.StartToReady.TotalMilliseconds:0} ms");
        return service;
    }

    /// <summary>Resident set size now (VmRSS) and the peak so far (VmHWM), in bytes, from /proc.</summary>
    public (long Resident, long Peak) Memory()
    {
        long resident = 0, peak = 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    resident = Kilobytes(line) * 1024;
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    peak = Kilobytes(line) * 1024;
                }
            }
        }
        catch (IOException)
        {
            // The process has gone; report nothing.
        }

        return (resident, peak);
    }

    /// <summary>Open file descriptors (sockets, files, pipes) and threads of the service now, from /proc; zero once it has gone.</summary>
    public (int Handles, int Threads) Handles()
    {
        try
        {
            var handles = Directory.GetFileSystemEntries($"/proc/{_process.Id}/fd").Length;
            var threads = File.ReadLines($"/proc/{_process.Id}/status")
                .Where(line => line.StartsWith("Threads:", StringComparison.Ordinal))
                .Select(line => int.Parse(line["Threads:".Length..].Trim(), CultureInfo.InvariantCulture))
                .FirstOrDefault();
            return (handles, threads);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return (0, 0);
        }
    }

    /// <summary>CPU time the process has used so far (user + system), from /proc; zero once it has gone.</summary>
    public TimeSpan CpuTime()
    {
        try
        {
            // Fields after the command name (which is in parentheses): utime and stime are the 12th and 13th, in clock ticks (100 per second on Linux).
            var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / 100d);
        }
        catch (IOException)
        {
            return TimeSpan.Zero;
        }
    }

    /// <summary>SIGTERM, as a service manager would; SIGKILL if it has not stopped after 20 s.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        lock (Running)
        {
            Running.Remove(this);
        }

        try
        {
            if (!_process.HasExited)
            {
                using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
                {
                    if (kill is not null)
                    {
                        await kill.WaitForExitAsync();
                    }
                }

                using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                try
                {
                    await _process.WaitForExitAsync(patience.Token);
                }
                catch (OperationCanceledException)
                {
                    Write("# bench: the service did not stop within 20 s; killing it");
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync();
                }
            }

            // Let the output readers drain.
            _process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        Write($"# bench: stopped, exit code {(_process.HasExited ? _process.ExitCode : -1)}");
    }

    /// <summary>Ends the process at once; for a run that is failing or out of time.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
        lock (_logLock)
        {
            _log.Dispose();
        }
    }

    /// <summary>
    /// Like <c>dotnet run</c>: the project folder (appsettings.json and wwwroot) when the dll is its
    /// bin/Release output, else the dll's own folder (a published service).
    /// </summary>
    private static string ContentRoot(string dll)
    {
        var folder = Path.GetDirectoryName(dll)!;
        for (var candidate = new DirectoryInfo(folder); candidate is not null; candidate = candidate.Parent)
        {
            if (File.Exists(Path.Combine(candidate.FullName, Path.GetFileNameWithoutExtension(dll) + ".csproj")))
            {
                return candidate.FullName;
            }
        }

        return folder;
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"Re-armed (\d+) timers for (\d+) open cases in (\d+) ms")]
    private static partial Regex RearmPattern();

    private async Task WaitReadyAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The service ({Name}) exited with code {_process.ExitCode} before it was ready; see its log.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative), ct);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // Busy starting.
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"The service ({Name}) was not ready within {timeout.TotalSeconds} s.");
            }

            await Task.Delay(50, ct);
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        Write(line);
        if (RearmPattern().Match(line) is { Success: true } match)
        {
            _rearm.TrySetResult(new RearmLine(
                int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
                int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture),
                long.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture)));
        }
    }

    private void Write(string line)
    {
        lock (_logLock)
        {
            try
            {
                _log.WriteLine(line.StartsWith('#') ? $"{DateTime.UtcNow:HH:mm:ss.fff} {line}" : line);
            }
            catch (ObjectDisposedException)
            {
                // Output after the run closed the log.
            }
        }
    }
}
