using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using RecoveryDesk.Web.Hosting;

namespace RecoveryDesk.Web.Tests.Telemetry;

/// <summary>Logging:Format=Json: the console writes one JSON object a line, carrying the trace id of the work that logged.</summary>
public sealed class JsonLogTests
{
    [Test]
    public void JsonFormat_LineInsideASpan_CarriesItsTraceId()
    {
        var lines = new StringWriter();
        using var services = Logging(new Dictionary<string, string?> { ["Logging:Format"] = "Json" }, lines);
        using var source = new ActivitySource("RecoveryDesk.Tests.Logging");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);

        string traceId;
        using (var activity = source.StartActivity("claim")!)
        {
            traceId = activity.TraceId.ToString();
            services.GetRequiredService<ILoggerFactory>().CreateLogger("RecoveryDesk.Cases").LogInformation("Case {CaseId} claimed", 42);
        }

        using var line = JsonDocument.Parse(lines.ToString().Trim());
        Assert.That(line.RootElement.GetProperty("Message").GetString(), Is.EqualTo("Case 42 claimed"));
        Assert.That(line.RootElement.GetProperty("Category").GetString(), Is.EqualTo("RecoveryDesk.Cases"));
        var scopes = line.RootElement.GetProperty("Scopes").EnumerateArray().ToList();
        Assert.That(scopes.Any(s => s.TryGetProperty("TraceId", out var id) && id.GetString() == traceId), lines.ToString());
    }

    [Test]
    public void DefaultFormat_StaysTheSimpleConsole()
    {
        using var services = Logging(new Dictionary<string, string?>(), new StringWriter());
        Assert.That(services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName, Is.Not.EqualTo(ConsoleFormatterNames.Json));
    }

    /// <summary>The host's logging setup, with the console's formatter writing to <paramref name="lines"/> instead of the console.</summary>
    private static ServiceProvider Logging(Dictionary<string, string?> settings, StringWriter lines)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddLogging(logging =>
            {
                logging.AddConsole();
                TelemetrySetup.ConfigureLogging(logging, configuration);
                logging.Services.AddSingleton<ILoggerProvider>(services => new FormatterToWriter(services, lines));
            })
            .BuildServiceProvider();
    }

    /// <summary>Formats each entry with the console's configured formatter, with the scopes the logger factory tracks.</summary>
    private sealed class FormatterToWriter(IServiceProvider services, TextWriter writer) : ILoggerProvider, ISupportExternalScope
    {
        private readonly IServiceProvider _services = services;
        private readonly TextWriter _writer = writer;
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public ILogger CreateLogger(string categoryName) => new Writing(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Writing(FormatterToWriter provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => provider._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var name = provider._services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName;
                var console = provider._services.GetServices<ConsoleFormatter>().Single(f => f.Name == name);
                console.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), provider._scopes, provider._writer);
            }
        }
    }
}
