using Microsoft.Extensions.DependencyInjection;
using Moq;
using RecoveryDesk.Application.Outbox;
using RecoveryDesk.Web.Tests.Hubs;

namespace RecoveryDesk.Web.Tests.Cluster;

/// <summary>The instance delivering the outbox goes away with messages undelivered: another carries on, each case in order.</summary>
public sealed class OutboxTakeoverTests
{
    [Test]
    public async Task InstanceStopped_WithUndeliveredMessages_TheOtherDeliversThemInOrder()
    {
        // A delivers (it started first and took the lease), but its pushes no longer reach anyone.
        await using var cluster = await ClusterDesk.StartAsync(2, services: (index, services) =>
        {
            if (index == 0)
            {
                services.AddSingleton(UnreachableBrowsers());
            }
        });
        await using var ben = await LiveClient.DeskAsync(cluster.B, "ben");
        using var ava = await cluster.B.ClientFor("ava");
        var caseId = (await cluster.B.OpenCaseAsync(ava, subject: "Outlives its dispatcher")).GetProperty("id").GetGuid();
        await ava.PostOkAsync($"/api/cases/{caseId}/claim", null);
        await ava.PostOkAsync($"/api/cases/{caseId}/notes", new { text = "First note." });
        await ava.PostOkAsync($"/api/cases/{caseId}/notes", new { text = "Second note." });

        await cluster.StopAsync(cluster.A);

        await ben.WaitForAsync(m => LiveClient.CaseIdOf(m) == caseId && m.GetProperty("version").GetInt32() == 4, "the second note");
        Assert.That(ben.EventsFor(caseId), Is.EqualTo(new[] { "CaseOpened", "CaseClaimed", "NoteAdded", "NoteAdded" }));
        Assert.That(ben.ReceivedFor(caseId).Select(m => m.GetProperty("version").GetInt32()), Is.EqualTo(new[] { 1, 2, 3, 4 }));
    }

    /// <summary>Every push fails, as when an instance has lost its way to the browsers.</summary>
    private static ILiveDesk UnreachableBrowsers()
    {
        var live = new Mock<ILiveDesk>();
        var unreachable = new InvalidOperationException("No browser can be reached from this instance.");
        live.Setup(l => l.SendToDeskAsync(It.IsAny<IReadOnlyList<string>>(), It.IsAny<DeskMessage>(), It.IsAny<CancellationToken>())).ThrowsAsync(unreachable);
        live.Setup(l => l.SendToStatusPageAsync(It.IsAny<IReadOnlyList<string>>(), It.IsAny<StatusMessage>(), It.IsAny<CancellationToken>())).ThrowsAsync(unreachable);
        live.Setup(l => l.SendMailUpdateAsync(It.IsAny<IReadOnlyList<string>>(), It.IsAny<Application.Mail.MailUpdate>(), It.IsAny<CancellationToken>())).ThrowsAsync(unreachable);
        live.Setup(l => l.RegroupAsync(It.IsAny<Guid>(), It.IsAny<CancellationToken>())).ThrowsAsync(unreachable);
        return live.Object;
    }
}
