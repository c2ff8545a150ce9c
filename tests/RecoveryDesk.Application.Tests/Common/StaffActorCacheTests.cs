using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Cases;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Tests.Support;
using RecoveryDesk.Domain;

namespace RecoveryDesk.Application.Tests.Common;

/// <summary>Who a staff member is may be kept between requests, but never past a change to it.</summary>
public sealed class StaffActorCacheTests : DeskFixture
{
    [Test]
    public async Task Queue_AfterMembershipRemoved_NoLongerShowsTheTeamsCases()
    {
        await Desk.OpenCaseAsync(Desk.Alice);
        Assert.That(await Desk.SendAsync(new GetQueueQuery(Desk.Ben.Id)), Has.Count.EqualTo(1), "Ben sees Front Line's queue (and is now known)");

        await Desk.CommitAsync(async db =>
            db.TeamMemberships.Remove(await db.TeamMemberships.SingleAsync(m => m.StaffId == Desk.Ben.Id && m.TeamId == Desk.FrontLine)));

        Assert.That(await Desk.SendAsync(new GetQueueQuery(Desk.Ben.Id)), Is.Empty);
    }

    [Test]
    public async Task Claim_AfterMembershipRemovedInsideATransaction_IsRefusedOnceCommitted()
    {
        var opened = await Desk.OpenCaseAsync(Desk.Alice);
        await Desk.SendAsync(new GetQueueQuery(Desk.Ben.Id));

        await Desk.CommitAsync(async (db, work) => await work.InTransactionAsync(async () =>
        {
            db.TeamMemberships.Remove(await db.TeamMemberships.SingleAsync(m => m.StaffId == Desk.Ben.Id && m.TeamId == Desk.FrontLine));
            await work.CommitAsync();
            // Read (and possibly kept) while the change is saved but not yet committed.
            Assert.That(await Desk.SendAsync(new GetQueueQuery(Desk.Ben.Id)), Has.Count.EqualTo(1));
            return true;
        }));

        Assert.ThrowsAsync<NotAllowedException>(() => Desk.SendAsync(new ClaimCaseCommand(Desk.Ben.Id, opened.Id)));
    }

    [Test]
    public async Task Command_AfterDeactivationDirectlyInTheDatabase_IsRefusedWithinTheCacheLifetime()
    {
        var opened = await Desk.OpenCaseAsync(Desk.Alice);
        await Desk.SendAsync(new GetQueueQuery(Desk.Ben.Id));
        // A change the service cannot see (made by hand, or by another instance).
        await Desk.WithDbAsync(db => db.Users.Where(u => u.Id == Desk.Ben.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false)));

        Desk.Clock.Advance(StaffActorCache.Lifetime);

        Assert.ThrowsAsync<NotAllowedException>(() => Desk.SendAsync(new ClaimCaseCommand(Desk.Ben.Id, opened.Id)));
    }
}
