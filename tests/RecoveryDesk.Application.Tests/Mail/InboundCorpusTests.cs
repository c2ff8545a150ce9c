using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RecoveryDesk.Application.Mail;
using RecoveryDesk.Application.Mail.Inbound;
using RecoveryDesk.Application.Tests.Support;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Tests.Mail;

/// <summary>Odd and hostile mail, applied as the mailbox reader applies it: nothing throws, nothing is applied twice.</summary>
public sealed class InboundCorpusTests
{
    private DeskHarness _desk = null!;
    private long _uid;

    [SetUp]
    public async Task StartAsync() => _desk = await DeskHarness.StartAsync();

    [TearDown]
    public async Task StopAsync() => await _desk.DisposeAsync();

    private static readonly object[] Odd =
    [
        new object[] { "malformed MIME", "From: a@example.com\r\nContent-Type: multipart/mixed; boundary=\"x\"\r\nSubject: broken\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nhello\r\n--x" },
        new object[] { "huge header", $"From: a@example.com\r\nSubject: {new string('h', 200_000)}\r\n\r\nbody\r\n" },
        new object[] { "8-bit without a charset", "From: a@example.com\r\nSubject: caf\u00e9\r\nContent-Type: text/plain\r\n\r\nr\u00e9sum\u00e9 \u00fc\r\n" },
        new object[] { "nested multiparts", "From: a@example.com\r\nSubject: nested\r\nContent-Type: multipart/mixed; boundary=a\r\n\r\n--a\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\ninner words\r\n--b--\r\n--a--\r\n" },
        new object[] { "empty body", "From: a@example.com\r\nSubject: empty\r\n\r\n" },
        new object[] { "no headers at all", "just some bytes" },
        new object[] { "no sender", "Subject: who am I\r\n\r\nhello\r\n" },
        new object[] { "html with remote images and script", "From: a@example.com\r\nSubject: html\r\nContent-Type: text/html\r\n\r\n<img src=http://tracker.example/x.gif><script>steal()</script><p onclick=x()>Words</p>\r\n" },
    ];

    [TestCaseSource(nameof(Odd))]
    public async Task OddMail_IsRecordedOnce_AndNeverThrows(string what, string raw)
    {
        var place = new InboundPlace("folder", 0, ++_uid);
        var first = await ApplyAsync(place, raw);
        var again = await ApplyAsync(place, raw);

        Assert.That(again.AlreadyApplied, Is.True, what);
        Assert.That(again.Outcome, Is.EqualTo(first.Outcome), what);
        var stored = await _desk.WithDbAsync(db => db.InboundMails.CountAsync());
        Assert.That(stored, Is.EqualTo(1), what);
        if (first.CaseId is { } caseId)
        {
            var @case = await _desk.StoredCaseAsync(caseId);
            Assert.That(@case.Description, Does.Not.Contain("<script").And.Not.Contain("steal()").And.Not.Contain("tracker.example"), what);
        }
    }

    [Test]
    public async Task TwoAutoResponders_WritingToEachOther_OpenNoCaseAndGetNoMail()
    {
        for (var i = 0; i < 10; i++)
        {
            var result = await ApplyAsync(new InboundPlace("folder", 0, ++_uid), $"From: robot@example.net\r\nSubject: Auto: away\r\nAuto-Submitted: auto-replied\r\nMessage-ID: <loop{i}@example.net>\r\n\r\nI am away.\r\n");
            Assert.That(result.Outcome, Is.EqualTo(InboundOutcome.Ignored));
        }

        Assert.That(await _desk.StoredCaseCountAsync(), Is.Zero);
        Assert.That(await _desk.WithDbAsync(db => db.CustomerMails.CountAsync()), Is.Zero);
    }

    [Test]
    public async Task ManyNewMails_FromOneSender_OpenFiveCases_ThenJoinTheLatest()
    {
        for (var i = 0; i < 8; i++)
        {
            await ApplyAsync(new InboundPlace("folder", 0, ++_uid), $"From: angry@example.com\r\nSubject: Complaint {i}\r\n\r\nStill angry {i}.\r\n");
        }

        var opened = await _desk.WithDbAsync(db => db.InboundMails.CountAsync(m => m.Outcome == InboundOutcome.Opened));
        Assert.That(opened, Is.EqualTo(InboundMailProcessor.NewCasesPerSenderPerHour));
        Assert.That(await _desk.StoredCaseCountAsync(), Is.EqualTo(5));
    }

    [Test]
    public async Task Bounce_ForAMailTheDeskSent_FailsItAndNotesTheAddress()
    {
        var opened = await _desk.OpenCaseAsync();
        var sent = await _desk.WithDbAsync(db => db.CustomerMails.SingleAsync(m => m.CaseId == opened.Id));
        var report = "From: MAILER-DAEMON@mx.example\r\nSubject: Undelivered Mail Returned to Sender\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=r\r\n\r\n"
            + "--r\r\nContent-Type: text/plain\r\n\r\n550 5.1.1 customer@example.com: mailbox unknown\r\n"
            + $"--r\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: {sent.MessageId}\r\nSubject: x\r\n--r--\r\n";

        var result = await ApplyAsync(new InboundPlace("folder", 0, ++_uid), report);

        Assert.That(result.Outcome, Is.EqualTo(InboundOutcome.Bounce));
        var mail = await _desk.WithDbAsync(db => db.CustomerMails.SingleAsync(m => m.Id == sent.Id));
        var timeline = await _desk.StoredTimelineAsync(opened.Id);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(mail.State, Is.EqualTo(MailState.Failed));
            Assert.That(mail.LastError, Does.StartWith("Bounced: 550 5.1.1"));
            Assert.That(timeline.Last().Kind, Is.EqualTo(TimelineKind.MailBounced));
            Assert.That(timeline.Last().IsPublic, Is.False);
        }
    }

    private async Task<InboundResult> ApplyAsync(InboundPlace place, string raw)
    {
        await using var scope = _desk.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<InboundMailProcessor>().ApplyAsync(place, _desk.FrontLine, Encoding.Latin1.GetBytes(raw), CancellationToken.None);
    }
}
