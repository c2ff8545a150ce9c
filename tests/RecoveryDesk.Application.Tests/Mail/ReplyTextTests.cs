using MimeKit;
using RecoveryDesk.Application.Mail;
using RecoveryDesk.Application.Mail.Inbound;

namespace RecoveryDesk.Application.Tests.Mail;

/// <summary>Only the customer's new words reach the case: replies as the common mail clients write them.</summary>
public sealed class ReplyTextTests
{
    private const string Answer = "Tuesday morning is fine.\nThe side door is open.";

    private static readonly object[] Replies =
    [
        new object[] { "Gmail", $"{Answer}\n\nOn Mon, 2 Mar 2026 at 09:00, Front Line <care@shop.example> wrote:\n\n> Dear Mrs Hill,\n> We need your answer.\n" },
        new object[] { "Gmail, wrapped", $"{Answer}\n\nOn Mon, 2 Mar 2026 at 09:00, Front Line Care of the Shop <\ncare@shop.example> wrote:\n> Dear Mrs Hill,\n" },
        new object[] { "Apple Mail", $"{Answer}\n\n> On 2 Mar 2026, at 09:00, Front Line <care@shop.example> wrote:\n> \n> Dear Mrs Hill,\n" },
        new object[] { "Thunderbird", $"{Answer}\n\nOn 02/03/2026 09:00, Front Line wrote:\n> Dear Mrs Hill,\n" },
        new object[] { "Outlook", $"{Answer}\n\n________________________________\nFrom: Front Line <care@shop.example>\nSent: Monday, March 2, 2026 9:00 AM\nTo: Margaret Hill\nSubject: [RD-7K3Q9F] We need your answer\n\nDear Mrs Hill,\n" },
        new object[] { "Outlook, plain", $"{Answer}\n\nFrom: Front Line <care@shop.example>\nSent: 02 March 2026 09:00\nSubject: We need your answer\n\nDear Mrs Hill,\n" },
        new object[] { "Outlook, original message", $"{Answer}\n\n-----Original Message-----\nFrom: care@shop.example\nDear Mrs Hill,\n" },
        new object[] { "signature", $"{Answer}\n\n-- \nMargaret Hill\n07700 900123\n" },
        new object[] { "Windows line ends", $"{Answer.Replace("\n", "\r\n")}\r\n\r\nOn Mon, 2 Mar 2026 at 09:00, Front Line wrote:\r\n> Dear Mrs Hill,\r\n" },
        new object[] { "German Gmail", $"{Answer}\n\nAm Mo., 2. März 2026 um 09:00 Uhr schrieb Front Line <care@shop.example>:\n> Sehr geehrte Frau Hill,\n" },
    ];

    [TestCaseSource(nameof(Replies))]
    public void NewWords_OfAReply_AreTheAnswerWithoutHistoryOrSignature(string client, string body) =>
        Assert.That(ReplyText.NewWords(body), Is.EqualTo(Answer), client);

    [Test]
    public void NewWords_InlineQuotesBetweenAnswers_KeepTheAnswers()
    {
        var body = "> Which day suits you?\nTuesday.\n> And the time?\nMorning.";
        Assert.That(ReplyText.NewWords(body), Is.EqualTo(body));
    }

    [Test]
    public void BodyOf_HtmlOnly_IsItsTextWithoutScriptsImagesOrQuotedHistory()
    {
        var message = new MimeMessage
        {
            Body = new TextPart("html")
            {
                Text = "<html><head><style>p{color:red}</style></head><body><div>Tuesday <b>morning</b> is fine.</div><img src=\"https://tracker.example/p.gif\"><script>alert(1)</script>"
                    + "<blockquote>Dear Mrs Hill,<br>We need your answer.</blockquote></body></html>",
            },
        };

        Assert.That(ReplyText.NewWords(ReplyText.BodyOf(message)), Is.EqualTo("Tuesday morning is fine."));
    }

    [Test]
    public void BodyOf_PrefersThePlainText_AndDropsControlCharacters()
    {
        var message = new MimeMessage { Body = new BodyBuilder { TextBody = "Plain\u0007 words", HtmlBody = "<p>HTML words</p>" }.ToMessageBody() };
        Assert.That(ReplyText.BodyOf(message), Is.EqualTo("Plain words"));
    }

    [Test]
    public void NewWords_Long_AreCutToTheCustomerTextLimit()
    {
        Assert.That(ReplyText.NewWords(new string('a', 10_000)), Has.Length.EqualTo(ReplyText.MaxLength + 1));
    }
}

/// <summary>Templates: one source for text and HTML, every value escaped, placeholders checked.</summary>
public sealed class MailTemplateTests
{
    [Test]
    public void Render_EscapesEveryValueInTheHtml_AndKeepsTheTextIntact()
    {
        var rendered = MailTemplates.Render(
            new MailTemplate("Re: {{subject}}", "{{greeting}},\n\n{{reply}}\n\n{{statusLink}}"),
            new Dictionary<string, string> { ["greeting"] = "Dear <Zoë>", ["reply"] = "a & b <script>x</script>", ["statusLink"] = "https://desk.example/status/RD-1\"><x", ["subject"] = "Vase\r\nBcc: x@y" },
            "[RD-1]");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rendered.Subject, Is.EqualTo("[RD-1] Re: Vase Bcc: x@y"));
            Assert.That(rendered.Text, Does.Contain("a & b <script>x</script>"));
            Assert.That(rendered.Html, Does.Contain("a &amp; b &lt;script&gt;x&lt;/script&gt;").And.Contain("Dear &lt;Zoë&gt;"));
            Assert.That(rendered.Html, Does.Contain("href=\"https://desk.example/status/RD-1&quot;&gt;&lt;x\""));
            Assert.That(rendered.Html, Does.Not.Contain("<script").And.Not.Contain("<x"));
        }
    }

    [Test]
    public void UnknownPlaceholders_AreNamed_PerEvent()
    {
        Assert.That(MailTemplates.UnknownPlaceholders(MailKind.Reply, "{{reply}} {{summary}} {{ nickname }}"), Is.EqualTo(new[] { "summary", "nickname" }));
        Assert.That(MailTemplates.UnknownPlaceholders(MailKind.Resolved, "{{summary}} {{statusLink}}"), Is.Empty);
    }

    [Test]
    public void EveryBuiltInTemplate_UsesOnlyItsOwnPlaceholders()
    {
        foreach (var kind in Enum.GetValues<MailKind>())
        {
            var template = MailTemplates.Default(kind);
            Assert.That(MailTemplates.UnknownPlaceholders(kind, template.Subject + template.Body), Is.Empty, kind.ToString());
        }
    }
}

/// <summary>Line breaks in the template and in values survive into the HTML part.</summary>
public sealed class MailTemplateLineTests
{
    [Test]
    public void Render_LineBreaks_BecomeBreaksInTheHtml()
    {
        var rendered = MailTemplates.Render(new MailTemplate("s", "{{owner}}\n{{team}}\n\n{{reply}}"), new Dictionary<string, string> { ["owner"] = "Ben", ["team"] = "Billing", ["reply"] = "one\ntwo" }, "[RD-1]");
        Assert.That(rendered.Html, Does.Contain("<p>Ben<br>\nBilling</p><p>one<br>\ntwo</p>"));
    }
}
