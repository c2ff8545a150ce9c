namespace RecoveryDesk.Web.Hosting;

/// <summary>
/// Headers that make the pages hard to abuse: a Content-Security-Policy with no inline script or
/// style (customer text can never run), no framing, no MIME sniffing, no referrer (a status URL
/// names the case); HSTS over HTTPS; and no caching of API answers, which carry personal data.
/// They are written as the answer starts, so an answer the exception handler rewrote (it clears
/// the headers set before) carries them too.
/// </summary>
internal static class SecurityHeaders
{
    private const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

    // The interactive API reference (Scalar) renders with inline script and styles of its own.
    private const string DocsPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    // A year; browsers then refuse plain HTTP for this host.
    private const string StrictTransportSecurity = "max-age=31536000";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                Write(context);
                return Task.CompletedTask;
            });
            await next(context);
        });

    private static void Write(HttpContext context)
    {
        var request = context.Request;
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = request.Path.StartsWithSegments("/docs") ? DocsPolicy : PagePolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        if (request.IsHttps)
        {
            headers.StrictTransportSecurity = StrictTransportSecurity;
        }

        if (request.Path.StartsWithSegments("/api"))
        {
            // Cases, customers' contact details, tokens: no browser or shared cache may keep them.
            headers.CacheControl = "no-store";
            headers.Remove("Pragma");
            headers.Remove("Expires");
        }
    }
}
