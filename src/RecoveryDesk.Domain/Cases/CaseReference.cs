using System.Security.Cryptography;

namespace RecoveryDesk.Domain.Cases;

/// <summary>
/// The public reference a customer reads out on the phone: "RD-" and six characters from an alphabet
/// without look-alikes (no 0/O, 1/I/L, U), so it survives being spoken and handwritten.
/// </summary>
public static class CaseReference
{
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
    public const string Prefix = "RD-";
    public const int Length = 6;

    public static string New()
    {
        Span<char> chars = stackalloc char[Length];
        for (var i = 0; i < Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return Prefix + new string(chars);
    }

    /// <summary>Reads a reference as a person might type it (lower case, spaces, missing prefix) into its canonical form.</summary>
    public static bool TryNormalize(string? input, out string reference)
    {
        reference = string.Empty;
        if (string.IsNullOrWhiteSpace(input) || input.Length > 20)
        {
            return false;
        }

        var compact = input.Trim().ToUpperInvariant().Replace(" ", string.Empty, StringComparison.Ordinal);
        if (compact.StartsWith(Prefix, StringComparison.Ordinal))
        {
            compact = compact[Prefix.Length..];
        }
        else if (compact.StartsWith("RD", StringComparison.Ordinal) && compact.Length == Length + 2)
        {
            compact = compact[2..];
        }

        if (compact.Length != Length || compact.Any(c => !Alphabet.Contains(c, StringComparison.Ordinal)))
        {
            return false;
        }

        reference = Prefix + compact;
        return true;
    }
}

/// <summary>
/// The secret that opens the customer's status page: 144 bits from a cryptographic source. Only its
/// SHA-256 hash is stored; the code has enough entropy that a slow hash adds nothing.
/// </summary>
public static class AccessCode
{
    private const int SecretBytes = 18;

    public static string New() => Base64Url(RandomNumberGenerator.GetBytes(SecretBytes));

    public static string Hash(string code) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(code)));

    /// <summary>Compares in constant time, so response timing says nothing about how close a guess was.</summary>
    public static bool Matches(string? candidate, string storedHash)
    {
        var candidateHash = System.Text.Encoding.ASCII.GetBytes(Hash(candidate ?? string.Empty));
        var expected = System.Text.Encoding.ASCII.GetBytes(storedHash);
        return CryptographicOperations.FixedTimeEquals(candidateHash, expected);
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
