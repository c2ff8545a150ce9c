using System.Text.RegularExpressions;

namespace RecoveryDesk.Application.Mail;

/// <summary>Text taken into or out of a mail: header values made one line, fields cut to their column.</summary>
internal static partial class MailText
{
    /// <summary>Line breaks and runs of white space become one space (a header never carries a line break).</summary>
    public static string OneLine(string text) => WhiteSpaceRun().Replace(text, " ").Trim();

    /// <summary>At most <paramref name="max"/> characters, cut at the end, never between the halves of a surrogate pair.</summary>
    public static string? Clip(string? text, int max) =>
        text is null || text.Length <= max ? text
        : char.IsHighSurrogate(text[max - 1]) ? text[..(max - 1)]
        : text[..max];

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex WhiteSpaceRun();
}
