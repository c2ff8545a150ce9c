using System.Text;

namespace RecoveryDesk.Application.Attachments;

/// <summary>A file that may not be attached: not a kind the desk takes, or not what its name says (HTTP 415).</summary>
public sealed class FileKindRefusedException(string message) : Exception(message);

/// <summary>
/// The kinds of file the desk takes — images, PDF documents and plain text — told by their content,
/// never by the name or type the sender gave: a page of HTML called "photo.png" is refused.
/// </summary>
public static class FileKinds
{
    public const long MaxBytes = 10 * 1024 * 1024;

    public const string Accepted = "Attach images (PNG, JPEG, GIF or WebP), PDF documents or plain text.";

    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".webp"] = "image/webp",
        [".pdf"] = "application/pdf",
        [".txt"] = "text/plain",
        [".text"] = "text/plain",
        [".log"] = "text/plain",
        [".csv"] = "text/plain",
        [".md"] = "text/plain",
    };

    private static readonly Dictionary<string, string> Words = new(StringComparer.Ordinal)
    {
        ["image/png"] = "a PNG image",
        ["image/jpeg"] = "a JPEG image",
        ["image/gif"] = "a GIF image",
        ["image/webp"] = "a WebP image",
        ["application/pdf"] = "a PDF document",
        ["text/plain"] = "plain text",
    };

    private static ReadOnlySpan<byte> Png => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> Jpeg => [0xFF, 0xD8, 0xFF];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The content's type, checked against the file's name; throws <see cref="FileKindRefusedException"/> when it may not be attached.</summary>
    public static string Check(string fileName, ReadOnlySpan<byte> content)
    {
        var extension = Path.GetExtension(fileName);
        string? named = null;
        if (extension.Length > 0 && !ByExtension.TryGetValue(extension, out named))
        {
            throw new FileKindRefusedException($"“{fileName}” cannot be attached. {Accepted}");
        }

        var found = Detect(content) ?? throw new FileKindRefusedException($"“{fileName}” is not a file the desk takes. {Accepted}");
        if (named is not null && named != found)
        {
            throw new FileKindRefusedException($"“{fileName}” is not {Words[named]}: its content is {Words[found]}.");
        }

        return found;
    }

    /// <summary>The type the first bytes show, or null for anything else (archives, programs, pages, binary data).</summary>
    public static string? Detect(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith(Png))
        {
            return "image/png";
        }

        if (content.StartsWith(Jpeg))
        {
            return "image/jpeg";
        }

        if (content.StartsWith("GIF87a"u8) || content.StartsWith("GIF89a"u8))
        {
            return "image/gif";
        }

        if (content.Length >= 12 && content.StartsWith("RIFF"u8) && content[8..12].SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }

        if (content.StartsWith("%PDF-"u8))
        {
            return "application/pdf";
        }

        return IsPlainText(content) ? "text/plain" : null;
    }

    /// <summary>UTF-8 with no control characters but tabs, line and page breaks.</summary>
    private static bool IsPlainText(ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty)
        {
            return false;
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r' or '\f'))
            {
                return false;
            }
        }

        return true;
    }
}
