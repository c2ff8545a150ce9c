using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using MimeKit;

namespace RecoveryDesk.Application.Mail.Inbound;

/// <summary>
/// What the customer wrote this time, as plain text. <c>text/plain</c> is preferred; HTML is parsed
/// (AngleSharp) and only its text is kept, so nothing from a mail is ever rendered as markup. The quoted
/// history and the signature are cut: everything from the first line that starts a quote in the forms
/// the common clients write it — Gmail, Apple Mail and Thunderbird ("On … wrote:"), Outlook ("From: …"
/// with "Sent:", or its line of underscores, or "-----Original Message-----") — or from a block of
/// "&gt;" lines, or from the "-- " signature delimiter. The original message stays with staff.
/// </summary>
public static partial class ReplyText
{
    public const int MaxLength = 4000;

    /// <summary>The body as text: the text part, or the HTML part's text, or empty.</summary>
    public static string BodyOf(MimeMessage message)
    {
        if (message.TextBody is { Length: > 0 } text)
        {
            return Normalise(text);
        }

        return message.HtmlBody is { Length: > 0 } html ? Normalise(HtmlToText(html)) : string.Empty;
    }

    /// <summary>The new words of a reply: the body without the quoted history and the signature, at most <see cref="MaxLength"/> characters.</summary>
    public static string NewWords(string body)
    {
        var lines = Normalise(body).Split('\n');
        var kept = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (StartsHistory(lines, i))
            {
                break;
            }

            if (line.TrimEnd() == "--" && line.StartsWith("--", StringComparison.Ordinal))
            {
                break;
            }

            kept.Add(line);
        }

        var words = string.Join('\n', kept).Trim();
        return words.Length <= MaxLength ? words : words[..MaxLength].TrimEnd() + "…";
    }

    /// <summary>Text of an HTML body: block elements become line breaks; scripts, styles and images are dropped.</summary>
    public static string HtmlToText(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        foreach (var element in document.QuerySelectorAll("script, style, head, img, title"))
        {
            element.Remove();
        }

        foreach (var element in document.QuerySelectorAll("br"))
        {
            element.Replace(document.CreateTextNode("\n"));
        }

        foreach (var element in document.QuerySelectorAll("p, div, li, tr, h1, h2, h3, h4, h5, h6, blockquote, pre"))
        {
            element.Append(document.CreateTextNode("\n"));
        }

        foreach (var quote in document.QuerySelectorAll("blockquote"))
        {
            // A quoted message in HTML: mark its lines as quoted so the cut below finds them.
            quote.TextContent = string.Join('\n', quote.TextContent.Split('\n').Select(l => "> " + l));
        }

        return document.Body?.TextContent ?? string.Empty;
    }

    private static string Normalise(string text)
    {
        var unified = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Replace('\u00a0', ' ');
        var builder = new StringBuilder(unified.Length);
        foreach (var c in unified)
        {
            // Control characters other than line breaks and tabs carry nothing a person wrote.
            if (c == '\n' || c == '\t' || !char.IsControl(c))
            {
                builder.Append(c);
            }
        }

        return MultipleBlankLines().Replace(builder.ToString(), "\n\n").Trim();
    }

    private static bool StartsHistory(string[] lines, int i)
    {
        var line = lines[i].Trim();
        if (line.Length == 0)
        {
            return false;
        }

        if (OriginalMessage().IsMatch(line) || OutlookRule().IsMatch(line))
        {
            return true;
        }

        // "On Mon, 2 Mar 2026 at 10:00, Desk <desk@x> wrote:" may be wrapped over two lines.
        var joined = i + 1 < lines.Length ? line + " " + lines[i + 1].Trim() : line;
        var wrapped = i + 1 < lines.Length && lines[i + 1].TrimEnd().EndsWith(':') && !line.EndsWith('.') && !line.EndsWith('!') && !line.EndsWith('?');
        if (Wrote().IsMatch(line) || (wrapped && Wrote().IsMatch(joined)))
        {
            return true;
        }

        // Outlook: "From: Desk <…>" followed within a few lines by "Sent:" (or "Date:").
        if (line.StartsWith("From:", StringComparison.OrdinalIgnoreCase))
        {
            return lines.Skip(i + 1).Take(4).Any(l => l.TrimStart().StartsWith("Sent:", StringComparison.OrdinalIgnoreCase) || l.TrimStart().StartsWith("Date:", StringComparison.OrdinalIgnoreCase));
        }

        // A run of quoted lines, the rest of the message being history.
        return line.StartsWith('>') && lines.Skip(i).Where(l => l.Trim().Length > 0).All(l => l.TrimStart().StartsWith('>'));
    }

    [GeneratedRegex(@"^(On|Am|Le|El|Il|Op)\s.+\s(wrote|schrieb|a écrit|escribió|scrisse|schreef)(\s.*)?:$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Wrote();

    [GeneratedRegex(@"^-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Forwarded message)\s*-{2,}$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex OriginalMessage();

    [GeneratedRegex(@"^_{20,}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex OutlookRule();

    [GeneratedRegex(@"\n{3,}", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex MultipleBlankLines();
}
