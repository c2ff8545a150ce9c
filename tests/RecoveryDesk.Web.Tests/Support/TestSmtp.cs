using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace RecoveryDesk.Web.Tests.Support;

/// <summary>
/// A real SMTP server on a loopback port, hosted by the test (the SmtpServer package): it keeps every
/// message it accepts, can answer with a refusal on cue, and can be stopped and started on the same port.
/// </summary>
public sealed class TestSmtp : IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> _received = new();
    private CancellationTokenSource? _running;
    private Task? _serving;

    public TestSmtp()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
    }

    public int Port { get; }

    /// <summary>When set, every message is answered with this code instead of being accepted (e.g. 451 or 550).</summary>
    public SmtpReplyCode? Refuse { get; set; }

    public IReadOnlyList<MimeMessage> Received => [.. _received];

    /// <summary>The settings that point the desk at this server.</summary>
    public IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Mail:Smtp:Host"] = "127.0.0.1",
        ["Mail:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:Smtp:Security"] = "None",
        ["Mail:Smtp:Timeout"] = "00:00:10",
    };

    public TestSmtp Start()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("smtp.test")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        _running = new CancellationTokenSource();
        _serving = new SmtpServer.SmtpServer(options, services).StartAsync(_running.Token);
        return this;
    }

    public async Task StopAsync()
    {
        if (_running is null)
        {
            return;
        }

        await _running.CancelAsync();
        try
        {
            await _serving!;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _running.Dispose();
        _running = null;
    }

    /// <summary>Waits until at least <paramref name="count"/> messages have arrived.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(int count, string what, int timeoutSeconds = 15)
    {
        await Eventually.Until(() => Task.FromResult(_received.Count), n => n >= count, what, timeoutSeconds);
        return Received;
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private sealed class Store(TestSmtp smtp) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (smtp.Refuse is { } code)
            {
                return Task.FromResult(new SmtpResponse(code, "Refused by the test"));
            }

            using var stream = new MemoryStream(buffer.ToArray());
            smtp._received.Enqueue(MimeMessage.Load(stream, cancellationToken));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}
