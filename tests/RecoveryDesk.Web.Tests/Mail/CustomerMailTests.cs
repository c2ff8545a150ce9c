using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using RecoveryDesk.Web.Tests.Public;
using RecoveryDesk.Web.Tests.Support;
using SmtpServer.Protocol;

namespace RecoveryDesk.Web.Tests.Mail;

/// <summary>What the customer is mailed, through a real SMTP server on loopback.</summary>
public sealed class CustomerMailTests : CustomerDesk
{
    private TestSmtp _smtp = null!;

    protected override IDictionary<string, string> Settings
    {
        get
        {
            var settings = base.Settings;
            foreach (var (key, value) in _smtp.Settings)
            {
                settings[key] = value;
            }

            settings["PublicBaseUrl"] = "https://desk.example.com/";
            return settings;
        }
    }

    private FakeTimeProvider Clock => App.Clock;

    /// <summary>Started before each test's desk (NUnit runs the base class's set-up first), so no first send finds it down.</summary>
    [OneTimeSetUp]
    public void StartServer() => _smtp = new TestSmtp().Start();

    [TearDown]
    public async Task NextServerAsync()
    {
        await _smtp.StopAsync();
        // Each test counts its own mail.
        _smtp = new TestSmtp().Start();
    }

    [OneTimeTearDown]
    public async Task StopServerAsync() => await _smtp.DisposeAsync();

    [Test]
    public async Task RecoveryCycle_MailsEachMomentTheCustomerShouldHearOf_AndNothingInternal()
    {
        var created = await App.OpenCaseAsync(Ava);
        var id = created.GetProperty("id").GetGuid();
        var link = new CustomerLink(id, created.GetProperty("reference").GetString()!, created.GetProperty("accessCode").GetString()!);
        Assert.That(created.GetProperty("mailedTo").GetString(), Is.EqualTo("m.hill@example.com"));

        await StaffAsync($"/api/cases/{id}/claim");
        await StaffAsync($"/api/cases/{id}/notes", new { text = "Internal: courier Okafor-Logistics blamed, do not tell." });
        await StaffAsync($"/api/cases/{id}/replies", new { text = "I am sorry about the vase, Mrs Hill. Ava Thompson here; I have ordered a replacement." });
        Guid promiseId;
        using (var promise = await Ava.PostAsJsonAsync($"/api/cases/{id}/promises", new { text = "Deliver a replacement vase", dueAt = Clock.GetUtcNow().AddDays(2) }))
        {
            promiseId = (await OkOrCreatedAsync(promise)).GetProperty("promiseId").GetGuid();
            await StaffAsync($"/api/cases/{id}/promises/{promiseId}/renegotiate", new { newDueAt = Clock.GetUtcNow().AddDays(3), note = "The supplier is a day late." });
        }

        await StaffAsync($"/api/cases/{id}/wait-on-customer");
        await WriteAsync(link, "messages", new { text = "Wednesday morning suits me." });
        await StaffAsync($"/api/cases/{id}/resolve", new { summary = "A replacement vase was delivered on Wednesday.", promises = new[] { new { promiseId, kept = true } } });
        await WriteAsync(link, "feedback", new { satisfaction = 1, buyAgain = "No", recommend = 2 });

        var mails = await _smtp.WaitForAsync(7, "seven mails to the customer");
        var subjects = mails.Select(m => m.Subject).ToList();
        var reference = link.Reference;
        Assert.That(subjects, Is.EqualTo(new[]
        {
            $"[{reference}] We have your complaint: Parcel arrived damaged",
            $"[{reference}] Re: Parcel arrived damaged",
            $"[{reference}] Our promise: Deliver a replacement vase",
            $"[{reference}] A new time for our promise: Deliver a replacement vase",
            $"[{reference}] We need your answer: Parcel arrived damaged",
            $"[{reference}] Put right: Parcel arrived damaged",
            $"[{reference}] We heard you: Parcel arrived damaged",
        }));

        var acknowledgement = mails[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(mails.SelectMany(m => m.To.Mailboxes).Select(m => m.Address).Distinct(), Is.EqualTo(new[] { "m.hill@example.com" }));
            Assert.That(acknowledgement.TextBody, Does.StartWith("Dear Mrs Hill,"));
            Assert.That(acknowledgement.TextBody, Does.Contain($"https://desk.example.com/status/{reference}#code={link.AccessCode}"));
            Assert.That(mails.Skip(1).Select(m => m.TextBody), Has.None.Contains(link.AccessCode), "the code travels in the acknowledgement only");
            Assert.That(mails.Skip(1).Select(m => m.InReplyTo), Has.All.EqualTo(acknowledgement.MessageId), "every later mail threads under the acknowledgement");
            Assert.That(mails.Select(m => m.MessageId).Distinct().Count(), Is.EqualTo(7));
            Assert.That(mails[1].TextBody, Does.Contain("Ava here; I have ordered a replacement.").And.Contain("Reply to this email or use your page"));
            Assert.That(mails[3].TextBody, Does.Contain("The supplier is a day late.").And.Contain("We said Wednesday 4 March at 09:00 UTC; it is now Thursday 5 March at 09:00 UTC."));
            Assert.That(mails[4].TextBody, Does.Contain("I have ordered a replacement."), "the question asked");
            Assert.That(mails[5].TextBody, Does.Contain("A replacement vase was delivered on Wednesday.").And.Contain("Promise kept: Deliver a replacement vase").And.Contain($"https://desk.example.com/status/{reference}"));
            Assert.That(mails[6].TextBody, Does.Contain("Ava will call you by"));
            foreach (var mail in mails)
            {
                var everything = mail.TextBody + mail.HtmlBody + string.Join("\n", mail.Headers.Select(h => h.Value));
                Assert.That(everything, Does.Not.Contain("Internal").And.Not.Contain("Okafor").And.Not.Contain("Thompson").And.Not.Contain("@test.example"));
                Assert.That(mail.HtmlBody, Does.Contain("<p>"));
                Assert.That(mail.Headers[HeaderId.AutoSubmitted], Is.EqualTo("auto-generated"));
            }
        }

        var listed = await Eventually.Until(
            () => Ava.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/mail"),
            list => list.EnumerateArray().Count() == 7 && list.EnumerateArray().All(m => m.GetProperty("state").GetString() == "Sent"),
            "the case's mail recorded as sent");
        var first = listed.EnumerateArray().First();
        var detail = await Ava.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/mail/{first.GetProperty("id").GetGuid()}");
        var stored = detail.GetProperty("text").GetString()!;
        Assert.That(stored, Does.Not.Contain(link.AccessCode), "staff reading the mail later do not see the code the customer was given once");
        Assert.That(stored, Is.EqualTo(acknowledgement.TextBody!.Replace("\r\n", "\n").Trim().Replace(link.AccessCode, "withheld")));
        Assert.That(first.GetProperty("messageId").GetString(), Is.EqualTo($"<{acknowledgement.MessageId}>"));
    }

    [Test]
    public async Task HostileInput_IsInertInTheHtmlPart_AndIntactInTheText()
    {
        var response = await Ava.PostAsJsonAsync("/api/cases", new
        {
            customer = new { name = "Zoë <b>Hill</b>\r\nBcc: victim@example.org", email = "zoe@example.com", preferredAddress = "Zoë 🌷 زهرة" },
            subject = "Vase <script>alert(1)</script>\r\nX-Injected: yes " + new string('x', 150),
            description = "Broken.",
            channel = "Web",
            priority = "P3",
            teamId = App.TeamIds["Front Line"],
        });
        var id = (await OkOrCreatedAsync(response)).GetProperty("id").GetGuid();
        await StaffAsync($"/api/cases/{id}/claim");
        await StaffAsync($"/api/cases/{id}/replies", new { text = "We fixed <img src=x onerror=alert(1)> & more." });

        var mails = await _smtp.WaitForAsync(2, "the acknowledgement and the reply");
        var reply = mails[1];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(reply.TextBody, Does.Contain("We fixed <img src=x onerror=alert(1)> & more."));
            Assert.That(reply.HtmlBody, Does.Contain("We fixed &lt;img src=x onerror=alert(1)&gt; &amp; more."));
            Assert.That(reply.HtmlBody, Does.Not.Contain("<img").And.Not.Contain("<script"));
            Assert.That(reply.TextBody, Does.StartWith("Dear Zoë 🌷 زهرة,"));
            Assert.That(reply.Headers.Contains("X-Injected"), Is.False);
            Assert.That(reply.Bcc, Is.Empty);
            Assert.That(reply.Subject, Does.Contain("<script>alert(1)</script> X-Injected: yes"));
            Assert.That(reply.To.Mailboxes.Single().Address, Is.EqualTo("zoe@example.com"));
            Assert.That(reply.To.Mailboxes.Single().Name ?? string.Empty, Does.Contain("Zoë"));
        }

        using var raw = new MemoryStream();
        await reply.WriteToAsync(raw);
        var header = System.Text.Encoding.ASCII.GetString(raw.ToArray()).Split("\r\n\r\n")[0];
        Assert.That(header, Does.Contain("=?utf-8?"), "non-ASCII names and subjects are encoded per RFC 2047");
        Assert.That(header.Split("\r\n").Where(l => !l.StartsWith(' ') && !l.StartsWith('\t')).Select(l => l.Split(':')[0]), Has.None.EqualTo("X-Injected").And.None.EqualTo("Bcc"));
    }

    [Test]
    public async Task SmtpDownForAWhile_ThenUp_TheMailIsDelivered()
    {
        await _smtp.StopAsync();
        var link = await OpenAsync();

        var queued = await Eventually.Until(
            () => Ava.GetFromJsonAsync<JsonElement>($"/api/cases/{link.Id}/mail"),
            list => list.EnumerateArray().Any(m => m.GetProperty("attempts").GetInt32() >= 1),
            "a first attempt that could not reach the server");
        var mail = queued.EnumerateArray().Single();
        Assert.That(mail.GetProperty("state").GetString(), Is.EqualTo("Queued"));
        Assert.That(mail.GetProperty("failure").GetString(), Does.Contain("could not be reached"));
        using var anonymous = App.CreateClient();
        Assert.That(await anonymous.GetStringAsync("/health/ready"), Is.EqualTo("Degraded"), "ready, but the mail server is away");

        _smtp.Start();
        Clock.Advance(TimeSpan.FromMinutes(1));
        var mails = await _smtp.WaitForAsync(1, "the retried acknowledgement");
        Assert.That(mails.Single().Subject, Does.Contain("We have your complaint"));
        await Eventually.Until(
            () => Ava.GetFromJsonAsync<JsonElement>($"/api/cases/{link.Id}/mail"),
            list => list.EnumerateArray().Single().GetProperty("state").GetString() == "Sent",
            "the mail recorded as sent");
        Assert.That(await anonymous.GetStringAsync("/health/ready"), Is.EqualTo("Healthy"));
    }

    [Test]
    public async Task PermanentRefusal_FailsTheMail_OnTheCaseAndTheBoard()
    {
        _smtp.Refuse = SmtpReplyCode.MailboxUnavailable;
        var link = await OpenAsync();

        var failed = await Eventually.Until(
            () => Ava.GetFromJsonAsync<JsonElement>($"/api/cases/{link.Id}/mail"),
            list => list.EnumerateArray().Any(m => m.GetProperty("state").GetString() == "Failed"),
            "the refused mail marked failed");
        Assert.That(failed.EnumerateArray().Single().GetProperty("failure").GetString(), Does.StartWith("550"));

        var board = await Sam.GetFromJsonAsync<JsonElement>("/api/board");
        var unsent = board.GetProperty("unsentMail").EnumerateArray().Single();
        Assert.That(unsent.GetProperty("customerName").GetString(), Is.EqualTo("Margaret Hill"));
        Assert.That(unsent.GetProperty("reference").GetString(), Is.EqualTo(link.Reference));
    }

    [Test]
    public async Task TransientRefusals_AreRetriedWithBackoff_ThenGivenUpAfterADay()
    {
        _smtp.Refuse = SmtpReplyCode.InsufficientStorage;
        var link = await OpenAsync();
        var waits = new List<TimeSpan>();
        JsonElement mail;
        for (var attempt = 1; ; attempt++)
        {
            var after = attempt;
            mail = (await Eventually.Until(
                () => Ava.GetFromJsonAsync<JsonElement>($"/api/cases/{link.Id}/mail"),
                list => list.EnumerateArray().Single() is var m && (m.GetProperty("attempts").GetInt32() >= after || m.GetProperty("state").GetString() == "Failed"),
                $"attempt {attempt}")).EnumerateArray().Single();
            if (mail.GetProperty("state").GetString() == "Failed")
            {
                break;
            }

            Assert.That(mail.GetProperty("failure").GetString(), Does.StartWith("452"));
            var next = mail.GetProperty("nextAttemptAt").GetDateTimeOffset();
            waits.Add(next - Clock.GetUtcNow());
            Clock.Advance(next - Clock.GetUtcNow());
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(waits.Take(4), Is.EqualTo(new[] { TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(8) }));
            Assert.That(waits.Max(), Is.EqualTo(TimeSpan.FromHours(1)));
            Assert.That(mail.GetProperty("failure").GetString(), Does.StartWith("Not delivered after 24 hours: 452"));
            Assert.That(Clock.GetUtcNow() - Start, Is.InRange(TimeSpan.FromHours(23), TimeSpan.FromHours(24)));
            Assert.That(_smtp.Received, Is.Empty);
        }
    }

    [Test]
    public async Task LostLink_TheOwnerIssuesANewCode_TheOldStopsAtOnce_AndTheNewLinkIsMailed()
    {
        var link = await ClaimedAsync();
        await _smtp.WaitForAsync(1, "the acknowledgement");
        using var ben = await App.ClientFor("ben");

        using var byColleague = await ben.PostAsync($"/api/cases/{link.Id}/access-code", null);
        using var issued = await Ava.PostAsync($"/api/cases/{link.Id}/access-code", null);
        var answer = await OkAsync(issued);
        var code = answer.GetProperty("accessCode").GetString()!;
        using var old = await GetAsync(link.Reference, link.AccessCode);
        using var fresh = await GetAsync(link.Reference, code);
        var mails = await _smtp.WaitForAsync(2, "the new link");
        var timeline = await Ava.GetFromJsonAsync<JsonElement>($"/api/cases/{link.Id}/timeline");
        using var bySupervisor = await Sam.PostAsync($"/api/cases/{link.Id}/access-code", null);

        Assert.That(byColleague.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "a colleague who does not own the case");
        Assert.That(code, Is.Not.EqualTo(link.AccessCode));
        Assert.That(answer.GetProperty("statusUrl").GetString(), Is.EqualTo($"https://desk.example.com/status/{link.Reference}#code={code}"));
        Assert.That(answer.GetProperty("mailedTo").GetString(), Is.EqualTo("m.hill@example.com"));
        Assert.That(old.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the old code opens nothing");
        Assert.That(fresh.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(mails[1].Subject, Does.Contain("A new link to your page"));
        Assert.That(mails[1].TextBody, Does.Contain($"https://desk.example.com/status/{link.Reference}#code={code}"));
        Assert.That(mails[1].TextBody, Does.Not.Contain(link.AccessCode));
        Assert.That(timeline.EnumerateArray().Count(e => e.GetProperty("kind").GetString() == "AccessCodeReissued"), Is.EqualTo(1));
        Assert.That(timeline.ToString(), Does.Not.Contain(code), "the code is never stored in the clear");
        Assert.That(bySupervisor.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a supervisor may issue one too");
    }

    [Test]
    public async Task NoEmailAddress_NothingIsMailed_AndTheAnswerSaysSo()
    {
        var response = await Ava.PostAsJsonAsync("/api/cases", new
        {
            customer = new { name = "Peter Jones", phone = "+44 20 7946 0001" },
            subject = "Late delivery",
            description = "Three days late.",
            channel = "Phone",
            priority = "P3",
            teamId = App.TeamIds["Front Line"],
        });
        var created = await OkOrCreatedAsync(response);
        var id = created.GetProperty("id").GetGuid();
        await StaffAsync($"/api/cases/{id}/claim");
        await StaffAsync($"/api/cases/{id}/replies", new { text = "Sorry, it is on its way." });

        Assert.That(created.GetProperty("mailedTo").ValueKind, Is.EqualTo(JsonValueKind.Null));
        var mail = await Ava.GetFromJsonAsync<JsonElement>($"/api/cases/{id}/mail");
        Assert.That(mail.EnumerateArray(), Is.Empty);
        var view = await ViewAsync(new CustomerLink(id, created.GetProperty("reference").GetString()!, created.GetProperty("accessCode").GetString()!));
        Assert.That(view.GetProperty("mailsYou").GetBoolean(), Is.False);
    }

    [Test]
    public async Task CustomerStopsUpdateMail_RepliesStillCome_AndTheChoiceIsOnTheTimeline()
    {
        var link = await ClaimedAsync();
        await _smtp.WaitForAsync(1, "the acknowledgement");

        var view = await WriteAsync(link, "mail-preference", new { updates = false });
        Assert.That(view.GetProperty("updateMail").GetBoolean(), Is.False);
        Assert.That(Texts(view), Has.Some.Contains("stop update mail"));
        Guid promiseId;
        using (var promise = await Ava.PostAsJsonAsync($"/api/cases/{link.Id}/promises", new { text = "Call you back", dueAt = Clock.GetUtcNow().AddDays(1) }))
        {
            promiseId = (await OkOrCreatedAsync(promise)).GetProperty("promiseId").GetGuid();
        }

        await StaffAsync($"/api/cases/{link.Id}/replies", new { text = "A quick answer to your question." });
        await StaffAsync($"/api/cases/{link.Id}/resolve", new { summary = "Sorted.", promises = new[] { new { promiseId, kept = true } } });

        var mails = await _smtp.WaitForAsync(2, "the reply");
        var staffCase = await StaffCaseAsync(link.Id);
        Assert.That(staffCase.GetProperty("customer").GetProperty("updateMail").GetBoolean(), Is.False);
        var listed = await Ava.GetFromJsonAsync<JsonElement>($"/api/cases/{link.Id}/mail");
        Assert.That(listed.EnumerateArray().Select(m => m.GetProperty("kind").GetString()), Is.EqualTo(new[] { "Opened", "Reply" }));
        Assert.That(mails.Select(m => m.Subject), Has.Some.Contains("Re: "));
        using var bad = await PostAsync(link.Reference, link.AccessCode, "mail-preference", new { });
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task TeamTemplatesAndSender_AreUsed_UnknownPlaceholdersAreRefused()
    {
        var ada = await App.ClientFor("ada");
        var team = App.TeamIds["Front Line"];
        using (var unknown = await ada.PutAsJsonAsync($"/api/teams/{team}/mail-templates/Opened", new { subject = "Hi {{subject}}", body = "Hello {{nickname}}" }))
        {
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await unknown.Content.ReadAsStringAsync(), Does.Contain("{{nickname}}"));
        }

        using (var noSuchEvent = await ada.GetAsync($"/api/teams/{team}/mail-templates/Birthday"))
        {
            Assert.That(noSuchEvent.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        }

        using (var byAgent = await Ava.PutAsJsonAsync($"/api/teams/{team}/mail-settings", new { senderName = "x", senderAddress = "x@example.com" }))
        {
            Assert.That(byAgent.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        }

        await OkOrCreatedAsync(await ada.PutAsJsonAsync($"/api/teams/{team}/mail-settings", new { senderName = "Front Line Care", senderAddress = "care@shop.example", replyTo = "replies@shop.example" }));
        await OkOrCreatedAsync(await ada.PutAsJsonAsync($"/api/teams/{team}/mail-templates/Opened", new { subject = "Got it: {{subject}}", body = "{{greeting}},\n\nWe are on it ({{reference}}): {{statusLink}}\n\n{{team}}" }));
        var preview = await OkOrCreatedAsync(await ada.PostAsJsonAsync($"/api/teams/{team}/mail-templates/Opened/preview", new { }));
        Assert.That(preview.GetProperty("subject").GetString(), Is.EqualTo("[RD-7K3Q9F] Got it: Double charge on my card"));
        Assert.That(preview.GetProperty("html").GetString(), Does.Contain("<a href=\"https://desk.example.com/status/RD-7K3Q9F#code=sample-access-code\">"));

        await OpenAsync();
        var mail = (await _smtp.WaitForAsync(1, "the acknowledgement in the team's words")).Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(mail.Subject, Does.EndWith("Got it: Parcel arrived damaged"));
            Assert.That(mail.From.Mailboxes.Single().ToString(), Is.EqualTo("\"Front Line Care\" <care@shop.example>"));
            Assert.That(mail.ReplyTo.Mailboxes.Single().Address, Is.EqualTo("replies@shop.example"));
            Assert.That(mail.MessageId, Does.EndWith("@shop.example"));
            Assert.That(mail.TextBody, Does.EndWith("Front Line Care"));
        }
    }
}
