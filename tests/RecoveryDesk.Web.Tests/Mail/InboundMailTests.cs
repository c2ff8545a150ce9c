using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Web.Tests.Public;
using RecoveryDesk.Web.Tests.Support;

namespace RecoveryDesk.Web.Tests.Mail;

/// <summary>The customer answers by email: a real Dovecot mailbox, read over IMAP.</summary>
public sealed class InboundMailTests : CustomerDesk
{
    private TestImap _mailbox = null!;
    private HttpClient _ada = null!;

    protected override IDictionary<string, string> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Mail:SenderAddress"] = "desk@shop.example";
            return settings;
        }
    }

    [SetUp]
    public async Task ConnectMailboxAsync()
    {
        _mailbox = TestImap.CreateMailbox();
        _ada = await App.ClientFor("ada");
        using var put = await _ada.PutAsJsonAsync($"/api/teams/{App.TeamIds["Front Line"]}/mailbox", _mailbox.Settings());
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), await put.Content.ReadAsStringAsync());
    }

    [TearDown]
    public void DisposeAdmin() => _ada.Dispose();

    [Test]
    public async Task Reply_ToTheAcknowledgement_JoinsTheCase_OnceAndFlagsTheMessageSeen()
    {
        var link = await ClaimedAsync();
        await StaffAsync($"/api/cases/{link.Id}/wait-on-customer");
        var acknowledgement = await AcknowledgementIdAsync(link.Id);

        var reply = Mail("m.hill@example.com", $"Re: [{link.Reference}] We have your complaint",
            "Tuesday morning is fine for the delivery.\n\nOn Mon, 2 Mar 2026 at 09:00, RecoveryDesk <desk@shop.example> wrote:\n> Dear Mrs Hill,\n> Thank you for telling us.");
        reply.InReplyTo = acknowledgement;
        await _mailbox.AppendAsync(reply);

        var view = await Eventually.Until(() => ViewAsync(link), v => Texts(v).Contains("Tuesday morning is fine for the delivery."), "the reply on the case", 45);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(view.GetProperty("status").GetString(), Is.EqualTo("Open"), "a reply resumes a case waiting on the customer");
            Assert.That(Texts(view), Has.None.Contains("Thank you for telling us"), "the quoted history is cut");
        }

        await Eventually.Until(() => _mailbox.CountAsync(), c => c.Seen == 1, "the message flagged seen");
        var mail = await Ava.GetFromJsonAsync<JsonElement>($"/api/cases/{link.Id}/mail");
        var received = mail.EnumerateArray().Single(m => m.GetProperty("direction").GetString() == "In");
        var whole = await Ava.GetFromJsonAsync<JsonElement>($"/api/cases/{link.Id}/mail/{received.GetProperty("id").GetGuid()}");
        Assert.That(whole.GetProperty("text").GetString(), Does.Contain("Thank you for telling us"), "staff can read the whole message");

        // Read again from the start (the flag lost, as after a crash between applying and flagging): applied once.
        await using var scope = App.Services.CreateAsyncScope();
        Assert.That(await scope.ServiceProvider.GetRequiredService<RecoveryDeskDbContext>().InboundMails.CountAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task NewMail_FromAnyone_OpensACaseInTheTeamQueue_AndIsAcknowledged()
    {
        await _mailbox.AppendAsync(Mail("oliver@example.net", "My order never came", "<p>I ordered a lamp on <b>Monday</b>.</p><script>alert(1)</script>", html: true, name: "Oliver Grant"));

        var queue = await Eventually.Until(
            () => Ava.GetFromJsonAsync<JsonElement>("/api/queue"),
            q => q.EnumerateArray().Any(r => r.GetProperty("subject").GetString() == "My order never came"),
            "a new case in the queue", 45);
        var row = queue.EnumerateArray().Single(r => r.GetProperty("subject").GetString() == "My order never came");
        var detail = await StaffCaseAsync(row.GetProperty("id").GetGuid());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(detail.GetProperty("channel").GetString(), Is.EqualTo("Email"));
            Assert.That(detail.GetProperty("customer").GetProperty("name").GetString(), Is.EqualTo("Oliver Grant"));
            Assert.That(detail.GetProperty("customer").GetProperty("email").GetString(), Is.EqualTo("oliver@example.net"));
            Assert.That(detail.GetProperty("description").GetString(), Is.EqualTo("I ordered a lamp on Monday."), "HTML becomes text; scripts are dropped");
        }

        var mail = await Eventually.Until(
            () => Ava.GetFromJsonAsync<JsonElement>($"/api/cases/{row.GetProperty("id").GetGuid()}/mail"),
            m => m.EnumerateArray().Any(x => x.GetProperty("kind").GetString() == "Opened"),
            "the acknowledgement");
        Assert.That(mail.EnumerateArray().Single(x => x.GetProperty("kind").GetString() == "Opened").GetProperty("to").GetString(), Does.Contain("oliver@example.net"));
    }

    [Test]
    public async Task Attachments_AreKeptForStaff_AsDownloads_AndNeverShownToTheCustomer()
    {
        var link = await ClaimedAsync();
        var reply = Mail("m.hill@example.com", $"Re: [{link.Reference}] photos", "Here is a photo of the box.");
        var builder = new BodyBuilder { TextBody = "Here is a photo of the box." };
        builder.Attachments.Add("crushed box.html", "<script>alert(1)</script>"u8.ToArray(), new ContentType("text", "html"));
        reply.Body = builder.ToMessageBody();
        await _mailbox.AppendAsync(reply);

        var mail = await Eventually.Until(
            () => Ava.GetFromJsonAsync<JsonElement>($"/api/cases/{link.Id}/mail"),
            m => m.EnumerateArray().Any(x => x.GetProperty("direction").GetString() == "In"),
            "the reply with its attachment", 45);
        var received = mail.EnumerateArray().Single(x => x.GetProperty("direction").GetString() == "In");
        var whole = await Ava.GetFromJsonAsync<JsonElement>($"/api/cases/{link.Id}/mail/{received.GetProperty("id").GetGuid()}");
        var attachment = whole.GetProperty("attachments").EnumerateArray().Single();
        Assert.That(attachment.GetProperty("fileName").GetString(), Is.EqualTo("crushed box.html"));

        using var download = await Ava.GetAsync($"/api/cases/{link.Id}/attachments/{attachment.GetProperty("id").GetGuid()}");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(download.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(download.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("attachment"));
            Assert.That(download.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/octet-stream"));
            Assert.That(download.Headers.GetValues("X-Content-Type-Options"), Does.Contain("nosniff"));
            Assert.That(await download.Content.ReadAsStringAsync(), Is.EqualTo("<script>alert(1)</script>"));
        }

        var view = await ViewAsync(link);
        Assert.That(view.ToString(), Does.Not.Contain("crushed box"));
        Assert.That(Texts(view), Does.Contain("Here is a photo of the box."));
    }

    [Test]
    public async Task ForgedReferences_FromAnotherAddress_DoNotAttach_AndAutoRepliesChangeNothing()
    {
        var link = await ClaimedAsync();
        var acknowledgement = await AcknowledgementIdAsync(link.Id);
        var forged = Mail("mallory@example.org", $"Re: [{link.Reference}] We have your complaint", "Please send the refund to my account instead.");
        forged.InReplyTo = acknowledgement;
        forged.References.Add(acknowledgement);
        await _mailbox.AppendAsync(forged);
        var auto = Mail("m.hill@example.com", $"Out of office: [{link.Reference}]", "I am away until Monday.");
        auto.Headers.Add("Auto-Submitted", "auto-replied");
        await _mailbox.AppendAsync(auto);

        var queue = await Eventually.Until(
            () => Ava.GetFromJsonAsync<JsonElement>("/api/queue"),
            q => q.EnumerateArray().Any(r => r.GetProperty("customerName").GetString() == "mallory@example.org"),
            "the forged mail as a new case of its own", 45);
        await Eventually.Until(() => _mailbox.CountAsync(), c => c.Seen == 2, "both messages processed");
        var view = await ViewAsync(link);
        var newCase = queue.EnumerateArray().Single(r => r.GetProperty("customerName").GetString() == "mallory@example.org");
        var detail = await StaffCaseAsync(newCase.GetProperty("id").GetGuid());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Texts(view), Has.None.Contains("refund to my account"));
            Assert.That(Texts(view), Has.None.Contains("I am away"));
            Assert.That(detail.GetProperty("description").GetString(), Does.Contain($"mentions {link.Reference}"));
        }
    }

    [Test]
    public async Task MailboxSetToMove_MovesEachProcessedMessageToItsFolder()
    {
        using (var move = await _ada.PutAsJsonAsync($"/api/teams/{App.TeamIds["Front Line"]}/mailbox", _mailbox.Settings("Move", "Processed")))
        {
            Assert.That(move.StatusCode, Is.EqualTo(HttpStatusCode.OK), await move.Content.ReadAsStringAsync());
        }

        await _mailbox.AppendAsync(Mail("pat@example.net", "Wrong colour", "I ordered blue, got green."));
        await Eventually.Until(() => _mailbox.CountAsync("Processed"), c => c.Count == 1, "the message moved to Processed", 45);
        Assert.That((await _mailbox.CountAsync()).Count, Is.Zero, "nothing left in the inbox");
        var queue = await Ava.GetFromJsonAsync<JsonElement>("/api/queue");
        Assert.That(queue.EnumerateArray().Count(r => r.GetProperty("subject").GetString() == "Wrong colour"), Is.EqualTo(1));
    }

    [Test]
    public async Task MailboxSettings_NeverReturnThePassword_AndTheTestSaysWhetherItWorks()
    {
        var team = App.TeamIds["Front Line"];
        var stored = await _ada.GetStringAsync($"/api/teams/{team}/mailbox");
        Assert.That(stored, Does.Not.Contain(TestImap.Password));
        Assert.That(JsonDocument.Parse(stored).RootElement.GetProperty("hasPassword").GetBoolean(), Is.True);
        var test = await (await _ada.PostAsync($"/api/teams/{team}/mailbox/test", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(test.GetProperty("ok").GetBoolean(), Is.True, test.ToString());

        using var wrong = await _ada.PutAsJsonAsync($"/api/teams/{team}/mailbox", new { host = _mailbox.Host, port = _mailbox.Port, security = "None", user = _mailbox.User, password = "wrong" });
        var failed = await (await _ada.PostAsync($"/api/teams/{team}/mailbox/test", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(failed.GetProperty("ok").GetBoolean(), Is.False);
        using var byAgent = await Ava.GetAsync($"/api/teams/{team}/mailbox");
        Assert.That(byAgent.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        using var bad = await _ada.PutAsJsonAsync($"/api/teams/{team}/mailbox", new { host = "", user = "" });
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

        var board = await Eventually.Until(
            () => Sam.GetFromJsonAsync<JsonElement>("/api/board"),
            b => b.GetProperty("failingMailboxes").GetArrayLength() == 1,
            "the failing mailbox on the board", 45);
        Assert.That(board.GetProperty("failingMailboxes")[0].GetProperty("error").GetString(), Is.Not.Empty);
        var health = await App.CreateClient().GetStringAsync("/health/ready");
        Assert.That(health, Is.EqualTo("Degraded"));
    }

    private async Task<string> AcknowledgementIdAsync(Guid caseId)
    {
        var mail = await Eventually.Until(
            () => Ava.GetFromJsonAsync<JsonElement>($"/api/cases/{caseId}/mail"),
            m => m.EnumerateArray().Any(x => x.GetProperty("kind").GetString() == "Opened"),
            "the acknowledgement");
        return mail.EnumerateArray().First(x => x.GetProperty("kind").GetString() == "Opened").GetProperty("messageId").GetString()!.Trim('<', '>');
    }

    private static MimeMessage Mail(string from, string subject, string body, bool html = false, string? name = null)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(name ?? string.Empty, from));
        message.To.Add(new MailboxAddress("Front Line", "frontline@shop.example"));
        message.Subject = subject;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("customer.example");
        message.Body = html ? new TextPart("html") { Text = body } : new TextPart("plain") { Text = body };
        return message;
    }
}
