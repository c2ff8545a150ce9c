using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Text;
using System.Text.RegularExpressions;
using RecoveryDesk.Application.Common;

namespace RecoveryDesk.Application.Mail;

/// <summary>A template's two parts: the subject line (after the "[RD-…]" tag the desk adds) and the body.</summary>
public sealed record MailTemplate(string Subject, string Body);

/// <summary>A mail rendered from one template: the subject, and the body as plain text and as HTML.</summary>
public sealed record RenderedMail(string Subject, string Text, string Html);

/// <summary>
/// The wording of each mail, and the one way it is rendered. A template is plain text with
/// <c>{{placeholders}}</c>; the text part is the template filled in, the HTML part the same template
/// with every literal and every value HTML-escaped (the status link becomes a link), so nothing a
/// customer or colleague wrote can become markup.
/// </summary>
public static class MailTemplates
{
    public const int MaxSubject = 200;
    public const int MaxBody = 8000;

    /// <summary>The placeholders every template may use.</summary>
    private static readonly string[] Common = ["greeting", "customerName", "reference", "subject", "statusLink", "status", "owner", "team"];

    private static readonly Dictionary<MailKind, (MailTemplate Template, string[] Extra)> BuiltIn = new()
    {
        [MailKind.Opened] = (new(
            "We have your complaint: {{subject}}",
            """
            {{greeting}},

            Thank you for telling us. Your complaint has the reference {{reference}}.

            {{status}}

            Your page shows every step and lets you write to us:
            {{statusLink}}

            Reply to this email or use your page; either reaches the person looking after your case.

            {{team}}
            """), []),
        [MailKind.Reply] = (new(
            "Re: {{subject}}",
            """
            {{greeting}},

            {{reply}}

            {{owner}}
            {{team}}

            Reply to this email or use your page: {{statusLink}}
            """), ["reply"]),
        [MailKind.PromiseMade] = (new(
            "Our promise: {{promise}}",
            """
            {{greeting}},

            {{owner}} has promised you: {{promise}}
            By {{dueAt}}.

            If we cannot keep it, we will tell you before then, and why.

            Your page: {{statusLink}}

            {{team}}
            """), ["promise", "dueAt"]),
        [MailKind.PromiseRenegotiated] = (new(
            "A new time for our promise: {{promise}}",
            """
            {{greeting}},

            We cannot keep the time we gave you for: {{promise}}
            We said {{oldDueAt}}; it is now {{dueAt}}.

            Why: {{reason}}

            We are sorry. Your page: {{statusLink}}

            {{owner}}
            {{team}}
            """), ["promise", "oldDueAt", "dueAt", "reason"]),
        [MailKind.WaitingOnCustomer] = (new(
            "We need your answer: {{subject}}",
            """
            {{greeting}},

            {{owner}} needs an answer from you before we can carry on:

            {{question}}

            Reply to this email or use your page: {{statusLink}}

            {{team}}
            """), ["question"]),
        [MailKind.Resolved] = (new(
            "Put right: {{subject}}",
            """
            {{greeting}},

            {{owner}} has put this right:

            {{summary}}

            On your page you can confirm it is solved, or tell us it is not, and answer three short questions about how we did:
            {{statusLink}}

            {{team}}
            """), ["summary"]),
        [MailKind.Reopened] = (new(
            "Reopened: {{subject}}",
            """
            {{greeting}},

            We have reopened your case {{reference}}: {{reason}}

            {{status}}

            Your page: {{statusLink}}

            {{team}}
            """), ["reason"]),
        [MailKind.DetractorFollowUp] = (new(
            "We heard you: {{subject}}",
            """
            {{greeting}},

            Thank you for telling us how we did. We heard you: {{owner}} will call you by {{dueAt}} to put things right.

            We opened {{followUpReference}} for this; your page shows it: {{statusLink}}

            {{team}}
            """), ["dueAt", "followUpReference"]),
        [MailKind.LateMessageFollowUp] = (new(
            "We have your message: {{subject}}",
            """
            {{greeting}},

            Your case {{reference}} was closed some time ago, so we opened a new one for your message: {{followUpReference}}.
            Someone will pick it up by {{dueAt}}.

            Your page: {{statusLink}}

            {{team}}
            """), ["dueAt", "followUpReference"]),
        [MailKind.NewAccessCode] = (new(
            "A new link to your page",
            """
            {{greeting}},

            As you asked, here is a new link to the page of your complaint {{reference}}. The link we sent
            before no longer opens it.

            {{statusLink}}

            {{status}}

            If you did not ask for this, reply to this email and tell us.

            {{team}}
            """), []),
    };

    public static MailTemplate Default(MailKind kind) => BuiltIn[kind].Template;

    /// <summary>The placeholders a template for <paramref name="kind"/> may use.</summary>
    public static IReadOnlyList<string> PlaceholdersOf(MailKind kind) => [.. Common, .. BuiltIn[kind].Extra];

    /// <summary>The placeholders in <paramref name="template"/> that a <paramref name="kind"/> mail cannot fill, in order of appearance.</summary>
    public static IReadOnlyList<string> UnknownPlaceholders(MailKind kind, string template) => Placeholders.Doubled.Unknown(template, PlaceholdersOf(kind));

    /// <summary>
    /// Fills in a template. Line breaks in values (and CR/LF anywhere in the subject) become spaces in the
    /// subject, so a name or subject can never start a new header.
    /// </summary>
    public static RenderedMail Render(MailTemplate template, IReadOnlyDictionary<string, string> values, string subjectTag)
    {
        var subject = MailText.OneLine(Fill(template.Subject, values, value => value));
        var text = Fill(Normalise(template.Body), values, value => value).Trim();
        return new RenderedMail($"{subjectTag} {subject}".Trim(), text, Html(Normalise(template.Body), values, subject));
    }

    /// <summary>A sample of every placeholder, for the template preview.</summary>
    public static IReadOnlyDictionary<string, string> SampleValues(string statusLink) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["greeting"] = "Dear Mrs Hill",
        ["customerName"] = "Mrs Hill",
        ["reference"] = "RD-7K3Q9F",
        ["subject"] = "Double charge on my card",
        ["statusLink"] = statusLink,
        ["status"] = "Ben is looking into this; we will update you by Tuesday 3 March at 14:00 UTC.",
        ["owner"] = "Ben",
        ["team"] = "Billing",
        ["reply"] = "I have found the second charge and asked the bank to return it.",
        ["question"] = "Could you tell us the last four digits of the card?",
        ["promise"] = "Refund the second charge",
        ["dueAt"] = "Tuesday 3 March at 14:00 UTC",
        ["oldDueAt"] = "Monday 2 March at 17:00 UTC",
        ["reason"] = "The bank needs one more day to confirm the refund.",
        ["summary"] = "The second charge was refunded on Monday.",
        ["followUpReference"] = "RD-9M2X4T",
    };

    private static string Normalise(string body) => body.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    private static string Fill(string template, IReadOnlyDictionary<string, string> values, Func<string, string> encode) =>
        Placeholders.Doubled.Replace(template, name => values.TryGetValue(name, out var value) ? encode(value) : string.Empty);

    private static string Html(string body, IReadOnlyDictionary<string, string> values, string title)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html><head><meta charset=\"utf-8\"><title>")
            .Append(Encode(title))
            .Append("</title></head><body style=\"font-family: sans-serif; line-height: 1.5\">");
        foreach (var paragraph in body.Trim().Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            html.Append("<p>");
            var last = 0;
            foreach (Match m in Placeholders.Doubled.Matches(paragraph))
            {
                html.Append(Lines(paragraph[last..m.Index]));
                var name = m.Groups["name"].Value;
                if (values.TryGetValue(name, out var value))
                {
                    var link = Encode(value);
                    html.Append(name == "statusLink" ? $"<a href=\"{link}\">{link}</a>" : Lines(value));
                }

                last = m.Index + m.Length;
            }

            html.Append(Lines(paragraph[last..])).Append("</p>");
        }

        return html.Append("</body></html>").ToString();
    }

    /// <summary>Markup characters become entities; letters of every script stay readable in the source.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private static string Encode(string text) => Encoder.Encode(text);

    /// <summary>Each line encoded on its own (the encoder would turn a line break into an entity), joined by &lt;br&gt;.</summary>
    private static string Lines(string text) =>
        string.Join("<br>\n", text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(Encode));
}
