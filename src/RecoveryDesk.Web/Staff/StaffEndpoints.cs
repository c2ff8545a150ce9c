using Mediator;
using RecoveryDesk.Application.Staff;
using RecoveryDesk.Web.Auth;

namespace RecoveryDesk.Web.Staff;

public sealed record CreateStaffRequest(string Email, string DisplayName, string Password, IReadOnlyList<string> Roles, IReadOnlyList<Guid>? TeamIds);

public sealed record CreateTeamRequest(string Name);

/// <summary>Colleagues and teams: everyone reads them to pick hand-off targets; admins change them.</summary>
internal static class StaffEndpoints
{
    public static IEndpointRouteBuilder MapStaffEndpoints(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api/staff").WithTags("Staff and teams");
        staff.MapGet("/", async (HttpContext http, IMediator m, CancellationToken ct, bool includeInactive = false) =>
                TypedResults.Ok(await m.Send(new GetStaffDirectoryQuery(http.User.StaffId(), includeInactive), ct)))
            .RequireAuthorization(Policies.Staff)
            .WithSummary("Agents and teams, to pick hand-off targets.");
        staff.MapPost("/", async (CreateStaffRequest body, HttpContext http, IMediator m, CancellationToken ct) =>
            {
                var created = await m.Send(new CreateStaffMemberCommand(http.User.StaffId(), body.Email, body.DisplayName, body.Password, body.Roles ?? [], body.TeamIds ?? []), ct);
                return TypedResults.Created($"/api/staff/{created.Id}", created);
            })
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Admin: create a colleague's sign-in with roles and teams.");
        staff.MapPost("/{staffId:guid}/deactivate", async (Guid staffId, HttpContext http, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new DeactivateStaffMemberCommand(http.User.StaffId(), staffId), ct)))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Admin: deactivate a colleague; their sign-in stops working at once.");

        var teams = app.MapGroup("/api/teams").WithTags("Staff and teams");
        teams.MapGet("/", async (HttpContext http, IMediator m, CancellationToken ct) =>
                TypedResults.Ok((await m.Send(new GetStaffDirectoryQuery(http.User.StaffId()), ct)).Teams))
            .RequireAuthorization(Policies.Staff)
            .WithSummary("All teams.");
        teams.MapPost("/", async (CreateTeamRequest body, HttpContext http, IMediator m, CancellationToken ct) =>
            {
                var team = await m.Send(new CreateTeamCommand(http.User.StaffId(), body.Name), ct);
                return TypedResults.Created($"/api/teams/{team.Id}", team);
            })
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Admin: create a team (a queue).");
        teams.MapPut("/{teamId:guid}/members/{staffId:guid}", async (Guid teamId, Guid staffId, HttpContext http, IMediator m, CancellationToken ct) =>
            {
                await m.Send(new SetTeamMembershipCommand(http.User.StaffId(), teamId, staffId, Member: true), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Admin: add a colleague to a team.");
        teams.MapDelete("/{teamId:guid}/members/{staffId:guid}", async (Guid teamId, Guid staffId, HttpContext http, IMediator m, CancellationToken ct) =>
            {
                await m.Send(new SetTeamMembershipCommand(http.User.StaffId(), teamId, staffId, Member: false), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Admin: remove a colleague from a team; takes effect on their next request.");
        return app;
    }
}
