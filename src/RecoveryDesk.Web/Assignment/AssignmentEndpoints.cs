using Mediator;
using RecoveryDesk.Application.Assignment;
using RecoveryDesk.Web.Auth;

namespace RecoveryDesk.Web.Assignment;

public sealed record AvailabilityRequest(Availability? State, DateTimeOffset? Until, Guid? SubstituteId);

public sealed record TeamAssignmentRequest(AssignmentMode? Mode, int? Capacity);

/// <summary>Who takes what: availability (with cover while away) and a team's offered assignment.</summary>
internal static class AssignmentEndpoints
{
    public static IEndpointRouteBuilder MapAssignmentEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPut("/api/me/availability", async (AvailabilityRequest body, HttpContext http, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new SetAvailabilityCommand(http.User.StaffId(), http.User.StaffId(), body.State, body.Until, body.SubstituteId), ct)))
            .RequireAuthorization(Policies.Staff)
            .WithTags("Assignment")
            .WithSummary("Set yourself Available, Away (optionally until a time, with a substitute who covers your cases) or Off shift.");
        app.MapPut("/api/staff/{staffId:guid}/availability", async (Guid staffId, AvailabilityRequest body, HttpContext http, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new SetAvailabilityCommand(http.User.StaffId(), staffId, body.State, body.Until, body.SubstituteId), ct)))
            .RequireAuthorization(Policies.Supervisor)
            .WithTags("Assignment")
            .WithSummary("Supervisor: set a colleague's availability (audited).");

        var teams = app.MapGroup("/api/teams/{teamId:guid}/assignment").WithTags("Assignment").RequireAuthorization(Policies.Staff);
        teams.MapGet("/", async (Guid teamId, HttpContext http, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new GetTeamAssignmentQuery(http.User.StaffId(), teamId), ct)))
            .WithSummary("Supervisor, admin: how the team's new cases find an owner (Queue or Offered) and the load a member may carry.");
        teams.MapPut("/", async (Guid teamId, TeamAssignmentRequest body, HttpContext http, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new PutTeamAssignmentCommand(http.User.StaffId(), teamId, body.Mode, body.Capacity), ct)))
            .WithSummary("Supervisor, admin: switch offered assignment on or off; capacity counts P1 as 4, P2 3, P3 2, P4 1.");
        return app;
    }
}
