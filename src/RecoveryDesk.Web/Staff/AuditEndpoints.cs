using Mediator;
using RecoveryDesk.Application.Audit;
using RecoveryDesk.Web.Auth;

namespace RecoveryDesk.Web.Staff;

/// <summary>The audit trail: admins read who changed the desk's configuration and anyone's authority.</summary>
internal static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", async (
                HttpContext http, IMediator m, CancellationToken ct,
                Guid? who = null, AuditChange? what = null, DateTimeOffset? from = null, DateTimeOffset? to = null, int page = 1, int pageSize = 25) =>
                TypedResults.Ok(await m.Send(new ListAuditQuery(http.User.StaffId(), who, what, from, to, page, pageSize), ct)))
            .RequireAuthorization(Policies.Admin)
            .WithTags("Audit")
            .WithSummary("Admin: changes to configuration and authority, newest first; filter by who, what and time (from inclusive, to exclusive).");
        return app;
    }
}
