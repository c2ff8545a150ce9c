using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using RecoveryDesk.Application.Cases;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Outbox;
using RecoveryDesk.Application.Tests.Support;

namespace RecoveryDesk.Application.Tests.Outbox;

/// <summary>Cases are pushed side by side, but each case's messages arrive in the order they were written.</summary>
public sealed class OutboxDispatcherTests : DeskFixture
{
    [Test]
    public async Task Dispatch_ManyCases_DeliversEveryMessageInEachCasesOrder()
    {
        var cases = await BusyCasesAsync(12);
        var live = LiveDesk();

        var sent = await Dispatcher(live.Mock.Object).DispatchPendingAsync(CancellationToken.None);

        Assert.That(sent, Is.EqualTo(live.Received.Count + live.OtherPushes), "every message pushed once");
        foreach (var caseId in cases)
        {
            var versions = live.VersionsOf(caseId);
            Assert.That(versions, Is.Ordered.Ascending.And.Unique.And.Not.Empty, $"case {caseId}");
            Assert.That(versions[^1], Is.EqualTo(4), "opened, claimed, two notes");
        }
    }

    [Test]
    public async Task Dispatch_WhenOneCaseFails_DeliversTheOthersAndResumesThatCaseInOrder()
    {
        var cases = await BusyCasesAsync(6);
        var failing = cases[2];
        var live = LiveDesk(failOnce: (failing, 3));
        var dispatcher = Dispatcher(live.Mock.Object);

        Assert.ThrowsAsync<InvalidOperationException>(() => dispatcher.DispatchPendingAsync(CancellationToken.None));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(live.VersionsOf(failing), Is.EqualTo(new[] { 1, 2 }), "stops at the failed message");
            foreach (var other in cases.Where(c => c != failing))
            {
                Assert.That(live.VersionsOf(other), Is.EqualTo(new[] { 1, 2, 3, 4 }));
            }
        }

        var resent = await dispatcher.DispatchPendingAsync(CancellationToken.None);

        Assert.That(resent, Is.EqualTo(2), "only the failed case's remaining messages");
        Assert.That(live.VersionsOf(failing), Is.EqualTo(new[] { 1, 2, 3, 4 }));
    }

    /// <summary>Cases with four staff messages each (opened, claimed, two notes), written interleaved.</summary>
    private async Task<List<Guid>> BusyCasesAsync(int count)
    {
        var cases = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            cases.Add(await Desk.ClaimedCaseAsync(Desk.Alice));
        }

        for (var round = 0; round < 2; round++)
        {
            foreach (var caseId in cases)
            {
                await Desk.SendAsync(new AddNoteCommand(Desk.Alice.Id, caseId, $"Note {round}"));
            }
        }

        return cases;
    }

    private OutboxDispatcher Dispatcher(ILiveDesk live) => new(
        Desk.Services.GetRequiredService<IServiceScopeFactory>(),
        live,
        new OutboxSignal(new NoPeers()),
        new OutboxOptions(),
        Desk.Clock,
        NullLogger<OutboxDispatcher>.Instance);

    /// <summary>
    /// The browsers' side of the seam: remembers what reached the desk, and can fail one push once; each
    /// push yields first, so the other cases' pushes interleave with it.
    /// </summary>
    private static RecordedLive LiveDesk((Guid CaseId, int Version)? failOnce = null)
    {
        var received = new ConcurrentQueue<DeskMessage>();
        var failed = 0;
        var live = new Mock<ILiveDesk>();
        live.Setup(l => l.SendToDeskAsync(It.IsAny<IReadOnlyList<string>>(), It.IsAny<DeskMessage>(), It.IsAny<CancellationToken>()))
            .Returns(async (IReadOnlyList<string> _, DeskMessage message, CancellationToken _) =>
            {
                await Task.Yield();
                if (failOnce == (message.CaseId, message.Version) && Interlocked.Exchange(ref failed, 1) == 0)
                {
                    throw new InvalidOperationException("The connection dropped.");
                }

                received.Enqueue(message);
            });
        live.Setup(l => l.SendToStatusPageAsync(It.IsAny<IReadOnlyList<string>>(), It.IsAny<StatusMessage>(), It.IsAny<CancellationToken>()))
            .Returns(Task.CompletedTask);
        live.Setup(l => l.RegroupAsync(It.IsAny<Guid>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        return new RecordedLive(live, received);
    }

    private sealed record RecordedLive(Mock<ILiveDesk> Mock, ConcurrentQueue<DeskMessage> Received)
    {
        public int OtherPushes => Mock.Invocations.Count(i => i.Method.Name != nameof(ILiveDesk.SendToDeskAsync));

        public List<int> VersionsOf(Guid caseId) => [.. Received.Where(m => m.CaseId == caseId).Select(m => m.Version)];
    }
}
