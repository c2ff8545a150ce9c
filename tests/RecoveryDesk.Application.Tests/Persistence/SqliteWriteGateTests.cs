using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Cases;
using RecoveryDesk.Application.Tests.Support;

namespace RecoveryDesk.Application.Tests.Persistence;

/// <summary>Writes queue in process for SQLite's one write lock, without ever waiting on a transaction that holds it.</summary>
public sealed class SqliteWriteGateTests : DeskFixture
{
    [Test]
    public async Task Save_WhileAnotherContextsTransactionHoldsTheLock_BothCommit()
    {
        var first = await Desk.ClaimedCaseAsync(Desk.Alice);
        var second = await Desk.ClaimedCaseAsync(Desk.Ben);

        await Desk.WithDbAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var @case = await db.Cases.SingleAsync(c => c.Id == first);
            db.Entry(@case).Property(c => c.Subject).CurrentValue = "Parcel arrived damaged (box crushed)";
            await db.SaveChangesAsync();

            // Another request writes now (on its own thread, as requests do; SQLite waits synchronously): it
            // queues behind SQLite's lock, which this transaction holds.
            var other = Task.Run(() => Desk.SendAsync(new AddNoteCommand(Desk.Ben.Id, second, "Called the courier")));
            await Task.Delay(200);

            // A second save in the same transaction must not queue behind that request.
            db.Entry(@case).Property(c => c.Subject).CurrentValue = "Parcel arrived damaged (box crushed, item broken)";
            await db.SaveChangesAsync().WaitAsync(TimeSpan.FromSeconds(10));
            await transaction.CommitAsync();

            var written = await other.WaitAsync(TimeSpan.FromSeconds(20));
            Assert.That(written.Version, Is.EqualTo(3));
        });

        var stored = await Desk.StoredCaseAsync(first);
        Assert.That(stored.Subject, Is.EqualTo("Parcel arrived damaged (box crushed, item broken)"));
    }
}
