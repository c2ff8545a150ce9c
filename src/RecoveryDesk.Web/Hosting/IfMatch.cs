using Microsoft.Net.Http.Headers;

namespace RecoveryDesk.Web.Hosting;

/// <summary>Reads the case version a client expects from If-Match ("5", W/"5" or 5); absent means "don't check".</summary>
internal static class IfMatch
{
    public static int? ExpectedVersion(this HttpRequest request)
    {
        var raw = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(raw) || raw.Trim() == "*")
        {
            return null;
        }

        if (EntityTagHeaderValue.TryParse(raw.Trim(), out var tag) && int.TryParse(tag.Tag.AsSpan().Trim('"'), out var version) && version > 0)
        {
            return version;
        }

        if (int.TryParse(raw.Trim(), out var bare) && bare > 0)
        {
            return bare;
        }

        throw new BadHttpRequestException("If-Match must carry the case version, e.g. If-Match: \"5\".");
    }

    public static string ETagFor(int version) => $"\"{version}\"";
}
