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
/// message it accepts, can answer with a refusal on cue, can leave a sender waiting for its answer (a
/// crash between send and record), and can be stopped and started on the same port.
/// </summary>
public sealed class TestSmtp : IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> _received = new();
    private readonly ConcurrentQueue<(Guid Connection, MimeMessage Message)> _deliveries = new();
    private readonly TaskCompletionSource<Guid> _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
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

    /// <summary>
    /// When set, the server accepts this many messages and then takes the next one but leaves its sender
    /// waiting for the answer until <see cref="ReleaseHeld"/>: the message is kept (delivered), as by a
    /// server whose "250 OK" never reached a sender that died.
    /// </summary>
    public int? HoldAfter { get; set; }

    /// <summary>Completes with the connection whose message is being held.</summary>
    public Task<Guid> Holding => _holding.Task;

    public IReadOnlyList<MimeMessage> Received => [.. _received];

    /// <summary>Every accepted message with the connection (SMTP session) it came over.</summary>
    public IReadOnlyList<(Guid Connection, MimeMessage Message)> Deliveries => [.. _deliveries];

    /// <summary>Answers the held message and holds no more.</summary>
    public void ReleaseHeld()
    {
        HoldAfter = null;
        _released.TrySetResult();
    }

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
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (smtp.Refuse is { } code)
            {
                return new SmtpResponse(code, "Refused by the test");
            }

            var hold = smtp.HoldAfter is { } accepted && smtp._received.Count >= accepted;
            using var stream = new MemoryStream(buffer.ToArray());
            var message = MimeMessage.Load(stream, cancellationToken);
            smtp._deliveries.Enqueue((context.SessionId, message));
            smtp._received.Enqueue(message);
            if (hold)
            {
                smtp._holding.TrySetResult(context.SessionId);
                await smtp._released.Task.WaitAsync(cancellationToken);
            }

            return SmtpResponse.Ok;
        }
    }
}
