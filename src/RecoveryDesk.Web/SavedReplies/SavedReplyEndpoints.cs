using Mediator;
using RecoveryDesk.Application.SavedReplies;
using RecoveryDesk.Web.Auth;

namespace RecoveryDesk.Web.SavedReplies;

public sealed record SavedReplyRequest(string Title, string Text);

/// <summary>Saved replies: each team's, read by its members, supervisors and admins, changed by supervisors and admins; filled in for a case by whoever may reply on it.</summary>
internal static class SavedReplyEndpoints
{
    public static IEndpointRouteBuilder MapSavedReplyEndpoints(this IEndpointRouteBuilder app)
    {
        var team = app.MapGroup("/api/teams/{teamId:guid}/saved-replies").RequireAuthorization(Policies.Staff).WithTags("Saved replies");
        team.MapGet(string.Empty, async (Guid teamId, HttpContext http, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new ListSavedRepliesQuery(http.User.StaffId(), teamId), ct)))
            .WithSummary("The team's saved replies by title (the team's members, supervisors, admins).");
        team.MapPost(string.Empty, async (Guid teamId, SavedReplyRequest body, HttpContext http, IMediator m, CancellationToken ct) =>
            {
                var created = await m.Send(new CreateSavedReplyCommand(http.User.StaffId(), teamId, body.Title, body.Text), ct);
                return TypedResults.Created($"/api/teams/{teamId}/saved-replies/{created.Id}", created);
            })
            .WithSummary("A new saved reply (supervisor, admin). Placeholders: {addressAs}, {ownerFirstName}, {nextDueAt}, {reference}; an unknown one is a 400 that names it; a title the team already has is a 409.");
        team.MapPut("/{replyId:guid}", async (Guid teamId, Guid replyId, SavedReplyRequest body, HttpContext http, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new UpdateSavedReplyCommand(http.User.StaffId(), teamId, replyId, body.Title, body.Text), ct)))
            .WithSummary("Change a saved reply's title and text (supervisor, admin); recorded in the audit trail.");
        team.MapDelete("/{replyId:guid}", async (Guid teamId, Guid replyId, HttpContext http, IMediator m, CancellationToken ct) =>
            {
                await m.Send(new DeleteSavedReplyCommand(http.User.StaffId(), teamId, replyId), ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Delete a saved reply (supervisor, admin); recorded in the audit trail.");

        app.MapPost("/api/cases/{id:guid}/saved-replies/{replyId:guid}/fill", async (Guid id, Guid replyId, HttpContext http, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new FillSavedReplyQuery(http.User.StaffId(), id, replyId), ct)))
            .RequireAuthorization(Policies.Staff)
            .WithTags("Saved replies")
            .WithSummary("One of the case's team's saved replies with its placeholders filled for this case, as plain text for the reply box (whoever may reply on the case). Sends nothing; placeholders the case has no value for now are listed in unfilled and left as written.");
        return app;
    }
}
