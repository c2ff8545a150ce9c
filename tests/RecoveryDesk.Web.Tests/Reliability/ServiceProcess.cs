using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;

namespace RecoveryDesk.Web.Tests.Reliability;

/// <summary>The service as a child process on a loopback port, its output appended to a log file and kept for the test to read.</summary>
internal sealed class ServiceProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly List<string> _lines = [];

    private ServiceProcess(Process process, StreamWriter log, Uri baseAddress)
    {
        _process = process;
        _log = log;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <param name="settings">Environment settings for this start (e.g. <c>Mail__Smtp__Host</c>), over the harness's own.</param>
    public static async Task<ServiceProcess> StartAsync(string dll, string database, string log, IDictionary<string, string>? settings = null)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var start = StartInfo(dll, database, ["--urls", $"http://127.0.0.1:{port}"]);
        start.Environment["Bootstrap__AdminEmail"] = CrashTests.AdminEmail;
        start.Environment["Bootstrap__AdminPassword"] = CrashTests.Password;
        start.Environment["RateLimits__SignInPerMinute"] = "1000000";
        start.Environment["Outbox__StartDelay"] = "00:00:00.200";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the service.");
        var writer = new StreamWriter(log, append: true) { AutoFlush = true };
        var service = new ServiceProcess(process, writer, baseAddress);
        process.OutputDataReceived += (_, e) => service.Write(e.Data);
        process.ErrorDataReceived += (_, e) => service.Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var probe = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        // Generous: on a loaded two-core CI machine a second instance can take over a minute to warm up.
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var ready = await probe.GetAsync("/health/ready");
                if (ready.IsSuccessStatusCode)
                {
                    return service;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy starting.
            }

            await Task.Delay(100);
        }

        service.Dispose();
        throw new InvalidOperationException($"The service did not become ready; see {log}.");
    }

    /// <summary>Runs the service's executable with a verb (e.g. <c>backup FILE</c>) on the database, as an operator would, and waits for it to exit.</summary>
    public static async Task<(int ExitCode, string Output)> RunVerbAsync(string dll, string database, IEnumerable<string> arguments, IDictionary<string, string>? settings = null)
    {
        var start = StartInfo(dll, database, arguments);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the service's executable.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }

    private static ProcessStartInfo StartInfo(string dll, string database, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            // The project folder as the content root, so appsettings.json and wwwroot apply as in production.
            WorkingDirectory = Path.Combine(RepositoryRoot(), "src/RecoveryDesk.Web"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ConnectionStrings__RecoveryDesk"] = $"Data Source={database}";
        return start;
    }

    /// <summary>A fresh folder for one test's database and log, once the service built beside the tests is there.</summary>
    public static string NewFolder(string purpose)
    {
        Assert.That(File.Exists(BuiltBesideTests()), Is.True, $"the service is built with these tests: {BuiltBesideTests()}");
        var folder = Path.Combine(Path.GetTempPath(), $"recoverydesk-{purpose}", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    public static void RemoveFolder(string folder)
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean up.
        }
    }

    /// <summary>The service built beside this test project, in the same configuration (CRASH_SERVICE_DLL overrides it).</summary>
    public static string BuiltBesideTests()
    {
        var configuration = new DirectoryInfo(TestContext.CurrentContext.TestDirectory).Parent?.Name ?? "Debug";
        return Environment.GetEnvironmentVariable("CRASH_SERVICE_DLL")
            ?? Path.Combine(RepositoryRoot(), "src/RecoveryDesk.Web/bin", configuration, "net10.0/RecoveryDesk.Web.dll");
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "RecoveryDesk.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("RecoveryDesk.sln not found above the test folder.");
    }

    /// <summary>How many lines of the service's output so far contain <paramref name="text"/>.</summary>
    public int LinesContaining(string text)
    {
        lock (_lines)
        {
            return _lines.Count(line => line.Contains(text, StringComparison.Ordinal));
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, as when the power goes.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Add(line);
        }

        lock (_log)
        {
            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // A last line after the process was disposed.
            }
        }
    }
}
