using System.Linq.Expressions;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Cases;

/// <summary>
/// What the case list's <c>q</c> matches, each through an index so a search stays a seek at a million
/// cases on every provider: a reference (whole, or its beginning), an email address (whole, any letter
/// case), a phone number (its digits), or words each of which begins a word of the customer's name or
/// the subject. Text in the middle of a word is not matched: that would need a scan.
/// </summary>
internal static class CaseSearch
{
    public const int MinLength = 2;
    public const int MaxLength = 100;

    /// <summary>More words than this add little and cost one index range each.</summary>
    private const int MaxWords = 5;

    /// <summary>Above every character a search word holds (they are letters and digits of the BMP).</summary>
    private const char AboveAnyWordCharacter = '\uFFFD';

    public static IQueryable<Case> Matching(this IQueryable<Case> cases, RecoveryDeskDbContext db, string text)
    {
        text = text.Trim();
        var alternatives = new List<Expression<Func<Case, bool>>>();
        if (CaseReference.TryNormalize(text, out var reference))
        {
            alternatives.Add(c => c.Reference == reference);
        }
        else if (ReferenceRange(text) is var (from, to))
        {
#pragma warning disable CA1309, CA1310 // string.Compare is translated to SQL's < and >=.
            alternatives.Add(to is null
                ? c => string.Compare(c.Reference, from) >= 0
                : c => string.Compare(c.Reference, from) >= 0 && string.Compare(c.Reference, to) < 0);
#pragma warning restore CA1309, CA1310
        }

        if (text.Contains('@', StringComparison.Ordinal) && SearchText.EmailKey(text) is { } email)
        {
            alternatives.Add(c => c.CustomerEmailKey == email);
        }

        if (text.All(ch => char.IsAsciiDigit(ch) || ch is '+' or '(' or ')' or '-' or '.' or ' ') && SearchText.PhoneKey(text) is { } phone)
        {
            alternatives.Add(c => c.CustomerPhoneKey == phone);
        }

        if (WordsMatch(db, SearchText.Words(text)) is { } words)
        {
            alternatives.Add(words);
        }

        return alternatives.Count == 0 ? cases.Where(_ => false) : cases.Where(AnyOf(alternatives));
    }

    /// <summary>
    /// The references beginning with <paramref name="text"/> ("rd-7k3" → from "RD-7K3" to "RD-7K4"),
    /// when it is "RD-" and up to five characters of the alphabet. The bound is the next value of the
    /// last character that is not the alphabet's last (carrying like a counter), so the range holds on
    /// any collation; no bound when every character is the last.
    /// </summary>
    private static (string From, string? To)? ReferenceRange(string text)
    {
        var compact = text.ToUpperInvariant().Replace(" ", string.Empty, StringComparison.Ordinal);
        if (!compact.StartsWith(CaseReference.Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var tail = compact[CaseReference.Prefix.Length..];
        if (tail.Length is 0 or >= CaseReference.Length || tail.Any(c => !CaseReference.Alphabet.Contains(c, StringComparison.Ordinal)))
        {
            return null;
        }

        var last = CaseReference.Alphabet[^1];
        var kept = tail.TrimEnd(last);
        if (kept.Length == 0)
        {
            return (compact, null);
        }

        var next = CaseReference.Alphabet[CaseReference.Alphabet.IndexOf(kept[^1], StringComparison.Ordinal) + 1];
        return (compact, CaseReference.Prefix + kept[..^1] + next);
    }

    /// <summary>Every word begins a word of the case: one index range per word, the cases then by id.</summary>
    private static Expression<Func<Case, bool>>? WordsMatch(RecoveryDeskDbContext db, IReadOnlyList<string> words)
    {
        Expression<Func<Case, bool>>? all = null;
        foreach (var word in words.Take(MaxWords))
        {
            var to = word + AboveAnyWordCharacter;
#pragma warning disable CA1309, CA1310 // string.Compare is translated to SQL's < and >=.
            var matching = db.CaseSearchWords
                .Where(w => string.Compare(w.Word, word) >= 0 && string.Compare(w.Word, to) < 0)
                .Select(w => w.CaseId);
#pragma warning restore CA1309, CA1310
            Expression<Func<Case, bool>> one = c => matching.Contains(c.Id);
            all = all is null ? one : Combine(all, one, Expression.AndAlso);
        }

        return all;
    }

    private static Expression<Func<Case, bool>> AnyOf(List<Expression<Func<Case, bool>>> alternatives) =>
        alternatives.Aggregate((a, b) => Combine(a, b, Expression.OrElse));

    private static Expression<Func<Case, bool>> Combine(Expression<Func<Case, bool>> a, Expression<Func<Case, bool>> b, Func<Expression, Expression, BinaryExpression> join)
    {
        var c = a.Parameters[0];
        var body = new Rebind(b.Parameters[0], c).Visit(b.Body);
        return Expression.Lambda<Func<Case, bool>>(join(a.Body, body), c);
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
