using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace RecoveryDesk.Web.Hosting;

/// <summary>
/// Cross-site request forgery defence for the pages: a write to the API that rides on the sign-in
/// cookie must carry the X-RecoveryDesk-Request header, which a cross-site form cannot send and a
/// cross-site script cannot add without a CORS grant (none is given). Only a request authenticated by
/// a bearer token is exempt (a browser never attaches a token on its own); any other Authorization
/// header changes nothing, so the guard runs after authentication. The cookie is also SameSite=Strict.
/// </summary>
internal static class CsrfGuard
{
    public const string HeaderName = "X-RecoveryDesk-Request";
    public const string CookieName = "RecoveryDesk.Auth";

    public static IApplicationBuilder UseCsrfGuard(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method)
                && request.Path.StartsWithSegments("/api")
                && request.Cookies.ContainsKey(CookieName)
                && !request.Headers.ContainsKey(HeaderName)
                && !IsBearerAuthenticated(context))
            {
                var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status403Forbidden,
                        Title = "Missing request header",
                        Detail = $"Writes signed in with the cookie must send the {HeaderName} header.",
                    },
                });
                return;
            }

            await next(context);
        });

    private static bool IsBearerAuthenticated(HttpContext context) =>
        // The bearer handler names its tickets "Identity.Bearer:AccessToken".
        context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult is { Succeeded: true, Ticket.AuthenticationScheme: { } scheme }
        && scheme.StartsWith(IdentityConstants.BearerScheme, StringComparison.Ordinal);
}
