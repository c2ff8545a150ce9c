using System.Globalization;
using System.Text;

namespace RecoveryDesk.Domain.Cases;

/// <summary>
/// How a case is found as an agent types: by the words of the customer's name and the subject (each
/// word a prefix of one of them), by the exact email address in any letter case, and by the phone
/// number's digits. Cases store these keys when they are opened and a search normalises its text the
/// same way, so a match is a lookup in an index rather than a scan.
/// </summary>
public static class SearchText
{
    public const int MaxWordLength = 40;
    public const int MinWordLength = 2;

    /// <summary>Fewer digits than this are not taken for a phone number.</summary>
    public const int MinPhoneDigits = 6;

    /// <summary>The distinct words of the texts: letters and digits, lower case, accents removed; one-letter words are left out.</summary>
    public static IReadOnlyList<string> Words(params string?[] texts)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var text in texts)
        {
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            // Compatibility decomposition splits "é" into "e" and an accent and folds full-width letters.
            foreach (var c in text.Normalize(NormalizationForm.FormKD))
            {
                if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
                {
                    continue;
                }

                if (char.IsLetterOrDigit(c) && !char.IsSurrogate(c))
                {
                    word.Append(char.ToLowerInvariant(c));
                    continue;
                }

                Flush(word, words);
            }

            Flush(word, words);
        }

        return words;
    }

    /// <summary>The address as it is compared: trimmed, in lower case; null for none.</summary>
    public static string? EmailKey(string? email) =>
        string.IsNullOrWhiteSpace(email) ? null : email.Trim().ToLowerInvariant();

    /// <summary>The number's digits alone ("+44 (0)20 7946-0000" → "4402079460000"); null when there are fewer than <see cref="MinPhoneDigits"/>.</summary>
    public static string? PhoneKey(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return null;
        }

        var digits = new string([.. phone.Where(char.IsAsciiDigit)]);
        return digits.Length >= MinPhoneDigits ? digits : null;
    }

    private static void Flush(StringBuilder word, List<string> words)
    {
        if (word.Length >= MinWordLength)
        {
            var text = word.Length > MaxWordLength ? word.ToString(0, MaxWordLength) : word.ToString();
            if (!words.Contains(text, StringComparer.Ordinal))
            {
                words.Add(text);
            }
        }

        word.Clear();
    }
}

/// <summary>One word a case is found by (see <see cref="SearchText"/>).</summary>
public sealed class CaseSearchWord
{
    public CaseSearchWord(Guid caseId, string word)
    {
        CaseId = caseId;
        Word = word;
    }

    public Guid CaseId { get; private set; }

    public string Word { get; private set; }
}
