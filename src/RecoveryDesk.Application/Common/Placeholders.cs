using System.Text.RegularExpressions;
using FluentValidation;

namespace RecoveryDesk.Application.Common;

/// <summary>
/// Named placeholders in a text someone on the desk wrote — <c>{{name}}</c> in mail templates,
/// <c>{name}</c> in saved replies — found, checked and filled one way. An unknown name is refused
/// when the text is saved, with the names that text may use.
/// </summary>
public sealed partial class Placeholders
{
    private readonly Regex _pattern;
    private readonly string _open;
    private readonly string _close;

    private Placeholders(Regex pattern, string open, string close)
    {
        _pattern = pattern;
        _open = open;
        _close = close;
    }

    /// <summary><c>{{name}}</c>, as in mail templates.</summary>
    public static Placeholders Doubled { get; } = new(DoubledPattern(), "{{", "}}");

    /// <summary><c>{name}</c>, as in saved replies.</summary>
    public static Placeholders Braced { get; } = new(SinglePattern(), "{", "}");

    /// <summary>How a name is written in this syntax, e.g. "{reference}".</summary>
    public string Show(string name) => _open + name + _close;

    /// <summary>Each placeholder in <paramref name="text"/>, in order; the group "name" holds its name.</summary>
    public MatchCollection Matches(string text) => _pattern.Matches(text);

    /// <summary>The names in <paramref name="text"/> that are not <paramref name="known"/>, in order of appearance.</summary>
    public IReadOnlyList<string> Unknown(string text, IReadOnlyCollection<string> known) =>
        [.. Matches(text).Select(m => m.Groups["name"].Value).Where(n => !known.Contains(n, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal)];

    /// <summary>Every placeholder replaced by what <paramref name="replacement"/> gives for its name.</summary>
    public string Replace(string text, Func<string, string> replacement) =>
        _pattern.Replace(text, m => replacement(m.Groups["name"].Value));

    /// <summary>A 400 failure on <paramref name="field"/> for each unknown placeholder, naming it and what <paramref name="user"/> can use.</summary>
    public void Check<T>(ValidationContext<T> context, string field, string? text, IReadOnlyCollection<string> known, string user)
    {
        foreach (var unknown in Unknown(text ?? string.Empty, known))
        {
            context.AddFailure(field, $"Unknown placeholder {Show(unknown)}; {user} can use {string.Join(", ", known.Select(Show))}.");
        }
    }

    [GeneratedRegex(@"\{\{\s*(?<name>[A-Za-z][A-Za-z0-9]*)\s*\}\}", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DoubledPattern();

    [GeneratedRegex(@"\{\s*(?<name>[A-Za-z][A-Za-z0-9]*)\s*\}", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SinglePattern();
}
