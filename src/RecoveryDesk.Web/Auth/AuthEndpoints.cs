using Mediator;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using RecoveryDesk.Web.Hosting;
using RecoveryDesk.Application.Staff;

namespace RecoveryDesk.Web.Auth;

public sealed record LoginRequest(string Email, string Password);

public sealed record RefreshRequest(string RefreshToken);

/// <summary>Staff sign-in: bearer tokens for integrations and the API, cookies for the web pages. No self-registration.</summary>
internal static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Sign-in");

        auth.MapPost("/login", Login)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimits.SignIn)
            .WithSummary("Sign in with email and password; ?useCookies=true sets the sign-in cookie instead of returning a token.");

        auth.MapPost("/refresh", Refresh)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimits.SignIn)
            .WithSummary("Exchange a refresh token for a new access token.");

        auth.MapPost("/logout", async (SignInManager<StaffMember> signIn) =>
            {
                await signIn.SignOutAsync();
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.Staff)
            .WithSummary("Sign out of the web pages (clears the cookie).");

        app.MapGet("/api/me", async (HttpContext http, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetMeQuery(http.User.StaffId()), ct)))
            .RequireAuthorization(Policies.Staff)
            .WithTags("Sign-in")
            .WithSummary("Who I am: name, email, roles and teams.");
        return app;
    }

    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> Login(
        LoginRequest request, bool? useCookies, SignInManager<StaffMember> signIn, UserManager<StaffMember> users)
    {
        var refused = TypedResults.Problem("The email or password is wrong, or the account is locked or inactive.", statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in refused");
        if (string.IsNullOrWhiteSpace(request?.Email) || string.IsNullOrEmpty(request.Password) || request.Email.Length > 254 || request.Password.Length > 200)
        {
            return refused;
        }

        var user = await users.FindByEmailAsync(request.Email.Trim());
        if (user is null || !user.IsActive)
        {
            return refused;
        }

        signIn.AuthenticationScheme = useCookies == true ? IdentityConstants.ApplicationScheme : IdentityConstants.BearerScheme;
        var result = await signIn.PasswordSignInAsync(user, request.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            return TypedResults.Problem("Too many failed attempts; the account is locked for a while.", statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in refused");
        }

        // On success the sign-in handler has written the token (or set the cookie) already.
        return result.Succeeded ? TypedResults.Empty : refused;
    }

    private static async Task<Results<Ok<AccessTokenResponse>, UnauthorizedHttpResult, SignInHttpResult, ChallengeHttpResult>> Refresh(
        RefreshRequest request, SignInManager<StaffMember> signIn, IOptionsMonitor<BearerTokenOptions> bearer, TimeProvider clock)
    {
        if (string.IsNullOrEmpty(request?.RefreshToken) || request.RefreshToken.Length > 4096)
        {
            return TypedResults.Challenge();
        }

        var protector = bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector;
        var ticket = protector.Unprotect(request.RefreshToken);
        if (ticket?.Properties?.ExpiresUtc is not { } expires
            || clock.GetUtcNow() >= expires
            || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { IsActive: true } user)
        {
            return TypedResults.Challenge();
        }

        var principal = await signIn.CreateUserPrincipalAsync(user);
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }
}
