using RecoveryDesk.Web.Tests.Hubs;

namespace RecoveryDesk.Web.Tests.Cluster;

/// <summary>Two instances of one desk on PostgreSQL and Redis: whatever instance a request or a console reaches, the desk behaves as one.</summary>
public sealed class ClusterTests
{
    private ClusterDesk _cluster = null!;

    [OneTimeSetUp]
    public async Task StartCluster() => _cluster = await ClusterDesk.StartAsync(2);

    [OneTimeTearDown]
    public async Task StopCluster()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Test]
    public async Task OpenCase_ThroughB_IsHeardByAConsoleConnectedToA()
    {
        await using var ben = await LiveClient.DeskAsync(_cluster.A, "ben");
        using var ava = await _cluster.B.ClientFor("ava");

        var created = await _cluster.B.OpenCaseAsync(ava, subject: "Heard across instances");

        await ben.WaitForAsync(created.GetProperty("id").GetGuid(), "CaseOpened");
    }
}
