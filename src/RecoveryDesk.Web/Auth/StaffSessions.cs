using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Staff;

namespace RecoveryDesk.Web.Auth;

/// <summary>
/// Sign-ins the server can end. Every token and cookie carries its session's id, and every request is
/// checked against the database: the session is not revoked and the staff member's security stamp is
/// still the one the token was issued with. Logging out and deactivation change the stamp, so every
/// token, refresh token and cookie of that person stops working at once. Refresh tokens rotate on use;
/// a used one presented again revokes the whole session.
/// </summary>
public sealed class StaffSessions(RecoveryDeskDbContext db, UnitOfWork work, TimeProvider clock)
{
    public const string SessionClaim = "recoverydesk:session";
    public const string RefreshClaim = "recoverydesk:refresh";

    private static readonly string StampClaim = new ClaimsIdentityOptions().SecurityStampClaimType;

    /// <summary>A new session; the claims to put in what the sign-in hands out.</summary>
    public async Task<Claim[]> StartAsync(StaffMember member, bool withRefreshToken, CancellationToken cancellationToken)
    {
        var session = new StaffSession
        {
            Id = Guid.NewGuid(),
            StaffId = member.Id,
            CreatedAt = clock.GetUtcNow(),
            RefreshTokenId = withRefreshToken ? Guid.NewGuid() : null,
        };
        db.Set<StaffSession>().Add(session);
        await work.CommitAsync(cancellationToken);
        return ClaimsOf(session);
    }

    /// <summary>The claims for the next token pair, or null when the refresh token was not the live one (the session then ends).</summary>
    public async Task<Claim[]?> RotateAsync(ClaimsPrincipal refreshToken, StaffMember member, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(refreshToken.FindFirstValue(SessionClaim), out var sessionId)
            || !Guid.TryParse(refreshToken.FindFirstValue(RefreshClaim), out var presented))
        {
            return null;
        }

        var session = await db.Set<StaffSession>().SingleOrDefaultAsync(s => s.Id == sessionId && s.StaffId == member.Id, cancellationToken);
        if (session is null || session.RevokedAt is not null)
        {
            return null;
        }

        if (session.RefreshTokenId != presented)
        {
            await RevokeAsync(sessionId, cancellationToken);
            return null;
        }

        session.RefreshTokenId = Guid.NewGuid();
        try
        {
            await work.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another refresh with the same token won: one of the two is a copy.
            db.ChangeTracker.Clear();
            await RevokeAsync(sessionId, cancellationToken);
            return null;
        }

        return ClaimsOf(session);
    }

    public async Task RevokeAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(user.FindFirstValue(SessionClaim), out var sessionId))
        {
            await RevokeAsync(sessionId, cancellationToken);
        }
    }

    /// <summary>Whether this principal's session is live and its staff member active with the same security stamp.</summary>
    public static Task<bool> IsCurrentAsync(RecoveryDeskDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var staffId)
            || !Guid.TryParse(user.FindFirstValue(SessionClaim), out var sessionId)
            || user.FindFirstValue(StampClaim) is not { } stamp)
        {
            return Task.FromResult(false);
        }

        return db.Set<StaffSession>().AnyAsync(
            s => s.Id == sessionId && s.StaffId == staffId && s.RevokedAt == null
                && db.Users.Any(u => u.Id == staffId && u.IsActive && u.SecurityStamp == stamp),
            cancellationToken);
    }

    private async Task RevokeAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await db.Set<StaffSession>()
            .Where(s => s.Id == sessionId && s.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), cancellationToken);
    }

    private static Claim[] ClaimsOf(StaffSession session) => session.RefreshTokenId is { } refresh
        ? [new Claim(SessionClaim, session.Id.ToString()), new Claim(RefreshClaim, refresh.ToString())]
        : [new Claim(SessionClaim, session.Id.ToString())];
}

internal static class SessionCheck
{
    public static IServiceCollection AddStaffSessions(this IServiceCollection services)
    {
        services.AddScoped<StaffSessions>();
        // Identity re-creates the cookie's principal when it re-validates the security stamp (every 30
        // minutes); the session it belongs to must come along, or the cookie would end there.
        services.Configure<SecurityStampValidatorOptions>(stamp => stamp.OnRefreshingPrincipal = context =>
        {
            if (context.CurrentPrincipal?.FindFirst(StaffSessions.SessionClaim) is { } session
                && context.NewPrincipal?.Identity is ClaimsIdentity identity
                && !identity.HasClaim(c => c.Type == StaffSessions.SessionClaim))
            {
                identity.AddClaim(new Claim(StaffSessions.SessionClaim, session.Value));
            }

            return Task.CompletedTask;
        });
        return services;
    }

    /// <summary>After authentication: a token or cookie whose session ended counts as no sign-in at all (a stale cookie is also cleared).</summary>
    public static IApplicationBuilder UseSessionCheck(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated == true
                && !await StaffSessions.IsCurrentAsync(context.RequestServices.GetRequiredService<RecoveryDeskDbContext>(), context.User, context.RequestAborted))
            {
                var byCookie = context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Ticket?.AuthenticationScheme == IdentityConstants.ApplicationScheme;
                context.User = new ClaimsPrincipal(new ClaimsIdentity());
                if (byCookie)
                {
                    await context.SignOutAsync(IdentityConstants.ApplicationScheme);
                }
            }

            await next(context);
        });
}
