using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using RecoveryDesk.Application.Cases;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Sla;
using RecoveryDesk.Application.Tests.Support;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Tests.Persistence;

/// <summary>
/// A change leaves through one unit of work: written with its messages in one transaction, followed
/// only once committed by timers and the dispatcher, and in its own turn to write SQLite's one file.
/// </summary>
public sealed class UnitOfWorkTests : DeskFixture
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Test]
    public async Task CommitInsideATransaction_SecondCommit_DoesNotWaitForItsOwnTurn()
    {
        var caseId = await Desk.ClaimedCaseAsync(Desk.Alice);

        await Desk.CommitAsync(async (db, work) => await work.InTransactionAsync(async () =>
        {
            await RenameAsync(db, caseId, "Parcel arrived damaged (box crushed)");
            await work.CommitAsync().WaitAsync(Patience);
            await RenameAsync(db, caseId, "Parcel arrived damaged (box crushed, item broken)");
            await work.CommitAsync().WaitAsync(Patience);
            return true;
        }));

        Assert.That((await Desk.StoredCaseAsync(caseId)).Subject, Is.EqualTo("Parcel arrived damaged (box crushed, item broken)"));
    }

    [Test]
    public async Task Command_WhileATransactionHoldsTheTurn_WaitsAndThenCommits()
    {
        var first = await Desk.ClaimedCaseAsync(Desk.Alice);
        var second = await Desk.ClaimedCaseAsync(Desk.Ben);
        Task<CaseWritten>? other = null;

        await Desk.CommitAsync(async (db, work) => await work.InTransactionAsync(async () =>
        {
            await RenameAsync(db, first, "Parcel arrived damaged (box crushed)");
            await work.CommitAsync();
            // Another request writes now, on its own thread as requests do: it waits for this transaction.
            other = Task.Run(() => Desk.SendAsync(new AddNoteCommand(Desk.Ben.Id, second, "Called the courier")));
            await RenameAsync(db, first, "Parcel arrived damaged (box crushed, item broken)");
            await work.CommitAsync().WaitAsync(Patience);
            Assert.That(other.IsCompleted, Is.False, "the other write cannot commit inside this transaction's turn");
            return true;
        }));

        var written = await other!.WaitAsync(Patience);
        Assert.That(written.Version, Is.EqualTo(3));
    }

    [Test]
    public async Task Transaction_ThatFails_AnnouncesNothingArmsNothingAndReleasesTheTurn()
    {
        var caseId = await Desk.ClaimedCaseAsync(Desk.Alice);
        var messagesBefore = await Desk.WithDbAsync(db => db.OutboxMessages.CountAsync());
        var armedBefore = await ArmedAtAsync(caseId);

        Assert.ThrowsAsync<InvalidOperationException>(() => Desk.CommitAsync(async (db, work) => await work.InTransactionAsync<bool>(async () =>
        {
            var @case = await db.Cases.WithParts().SingleAsync(c => c.Id == caseId);
            var actor = Domain.Staff.Actor.Staff(Desk.Alice.Id, Desk.Alice.Name, [Desk.FrontLine], Domain.Staff.StaffRoles.Agent);
            @case.MakePromise(actor, "I will call you back", Desk.Now + TimeSpan.FromMinutes(20), Desk.Now);
            await work.CommitAsync();
            throw new InvalidOperationException("Something after the first commit failed.");
        })));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await Desk.WithDbAsync(db => db.Promises.CountAsync(p => p.CaseId == caseId)), Is.Zero, "rolled back");
            Assert.That(await Desk.WithDbAsync(db => db.OutboxMessages.CountAsync()), Is.EqualTo(messagesBefore), "no message for it");
            Assert.That(await ArmedAtAsync(caseId), Is.EqualTo(armedBefore), "no timer for the promise that never was");
        }

        // The turn to write was handed on: the next command gets it.
        var written = await Desk.SendAsync(new AddNoteCommand(Desk.Alice.Id, caseId, "Called the courier")).WaitAsync(Patience);
        Assert.That(written.Version, Is.EqualTo(3));
    }

    private static async Task RenameAsync(RecoveryDeskDbContext db, Guid caseId, string subject)
    {
        var @case = await db.Cases.SingleAsync(c => c.Id == caseId);
        db.Entry(@case).Property(c => c.Subject).CurrentValue = subject;
    }

    private async Task<DateTimeOffset?> ArmedAtAsync(Guid caseId)
    {
        var scheduler = await Desk.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        return (await scheduler.GetTrigger(DeadlineTimers.KeyFor(caseId)))?.StartTimeUtc;
    }
}
