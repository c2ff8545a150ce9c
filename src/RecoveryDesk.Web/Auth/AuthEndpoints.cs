using System.Security.Claims;
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
    private static readonly ProblemHttpResult Refused = TypedResults.Problem(
        "The email or password is wrong, or the account is inactive.", statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in refused");

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

        auth.MapPost("/logout", Logout)
            .RequireAuthorization(Policies.Staff)
            .WithSummary("Sign out everywhere: every access token, refresh token and cookie of yours stops working; clears the cookie.");

        app.MapGet("/api/me", async (HttpContext http, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetMeQuery(http.User.StaffId()), ct)))
            .RequireAuthorization(Policies.Staff)
            .WithTags("Sign-in")
            .WithSummary("Who I am: name, email, roles and teams.");
        return app;
    }

    /// <summary>
    /// Unknown email, wrong password and inactive account get the same answer after the same work (one
    /// password hash check; a stand-in hash for an unknown email). Failures slow down that email from
    /// that address only (<see cref="SignInThrottle"/>); accounts are never locked.
    /// </summary>
    private static async Task<Results<EmptyHttpResult, ProblemHttpResult>> Login(
        LoginRequest request, bool? useCookies, HttpContext http, SignInManager<StaffMember> signIn, UserManager<StaffMember> users,
        SignInThrottle throttle, StandInPassword standIn, StaffSessions sessions)
    {
        if (string.IsNullOrWhiteSpace(request?.Email) || string.IsNullOrEmpty(request.Password) || request.Email.Length > 254 || request.Password.Length > 200)
        {
            return Refused;
        }

        var email = request.Email.Trim();
        var address = http.Connection.RemoteIpAddress;
        if (await throttle.WaitForAsync(email, address) is { } wait)
        {
            http.Response.SetRetryAfter(wait);
            return TypedResults.Problem(
                "Too many failed sign-ins with this email from here; wait a little before trying again.",
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many failed sign-ins");
        }

        var user = await users.FindByEmailAsync(email);
        var passwordMatches = user?.PasswordHash is null
            ? standIn.Check(request.Password)
            : await users.CheckPasswordAsync(user, request.Password);
        if (user is null || !passwordMatches || !user.IsActive || await users.IsLockedOutAsync(user))
        {
            await throttle.FailedAsync(email, address);
            return Refused;
        }

        await throttle.SucceededAsync(email, address);
        var cookie = useCookies == true;
        var session = await sessions.StartAsync(user, withRefreshToken: !cookie, http.RequestAborted);
        signIn.AuthenticationScheme = cookie ? IdentityConstants.ApplicationScheme : IdentityConstants.BearerScheme;
        // The sign-in handler writes the token (or sets the cookie).
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, session);
        return TypedResults.Empty;
    }

    /// <summary>A refresh token is good for one use: the answer carries the next one, and a used one presented again ends the session.</summary>
    private static async Task<Results<Ok<AccessTokenResponse>, UnauthorizedHttpResult, SignInHttpResult, ChallengeHttpResult>> Refresh(
        RefreshRequest request, SignInManager<StaffMember> signIn, IOptionsMonitor<BearerTokenOptions> bearer, TimeProvider clock, StaffSessions sessions, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(request?.RefreshToken) || request.RefreshToken.Length > 4096)
        {
            return TypedResults.Challenge();
        }

        var protector = bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector;
        var ticket = protector.Unprotect(request.RefreshToken);
        if (ticket?.Properties?.ExpiresUtc is not { } expires
            || clock.GetUtcNow() >= expires
            || await signIn.ValidateSecurityStampAsync(ticket.Principal) is not { IsActive: true } user
            || await sessions.RotateAsync(ticket.Principal, user, ct) is not { } session)
        {
            return TypedResults.Challenge();
        }

        var principal = await signIn.CreateUserPrincipalAsync(user);
        ((ClaimsIdentity)principal.Identity!).AddClaims(session);
        return TypedResults.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
    }

    /// <summary>A new security stamp ends every session of the caller, here and on every other device; this one is also revoked.</summary>
    private static async Task<NoContent> Logout(HttpContext http, SignInManager<StaffMember> signIn, UserManager<StaffMember> users, StaffSessions sessions)
    {
        await sessions.RevokeAsync(http.User, http.RequestAborted);
        if (await users.GetUserAsync(http.User) is { } member)
        {
            await users.UpdateSecurityStampAsync(member);
        }

        await signIn.SignOutAsync();
        return TypedResults.NoContent();
    }
}
