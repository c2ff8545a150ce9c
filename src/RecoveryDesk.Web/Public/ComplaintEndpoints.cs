using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using RecoveryDesk.Application.Complaints;
using RecoveryDesk.Web.Auth;
using RecoveryDesk.Web.Hosting;

namespace RecoveryDesk.Web.Public;

/// <param name="FormToken">From <c>GET /api/public/complaint-form</c>, when the page loaded.</param>
/// <param name="Website">Leave empty: the honeypot, a field people never see (see <see cref="SubmitComplaintHandler"/>).</param>
public sealed record ComplaintRequest(string Name, string? Email, string? Phone, string? PreferredAddress, string Subject, string Text, string? FormToken, string? Website);

/// <param name="MailedTo">Where the acknowledgement with the status link is mailed; null when no email address was given.</param>
public sealed record ComplaintReceivedResponse(string Reference, string AccessCode, string StatusUrl, string? MailedTo);

/// <param name="Open">Whether the form takes complaints now; when false, the page asks the customer to phone or email.</param>
/// <param name="FormToken">To send back with the complaint; only while the form is open.</param>
public sealed record ComplaintFormStateResponse(bool Open, string? FormToken, string? ClosedText);

public sealed record ComplaintFormRequest(bool? Enabled, Guid? TeamId);

/// <summary>The public complaint form (no account) and the admin's setting of which team receives it.</summary>
internal static class ComplaintEndpoints
{
    public static IEndpointRouteBuilder MapComplaintEndpoints(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup("/api/public").AllowAnonymous().WithTags("Customers");
        open.MapGet("/complaint-form", async (IMediator m, ComplaintFormTokens tokens, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new GetComplaintFormStateQuery(), ct)
                    ? new ComplaintFormStateResponse(true, tokens.Issue(), null)
                    : new ComplaintFormStateResponse(false, null, ComplaintForm.ClosedText)))
            .WithSummary("Whether the complaint form takes complaints now, and the form token to send back with one.");
        open.MapPost("/complaints", Submit)
            .RequireRateLimiting(ComplaintLimits.Policy)
            .AddEndpointFilter(ComplaintGuard.FilterAsync)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("A complaint from the public form: opens a case (channel Web) in the chosen team's queue and mails the acknowledgement. The access code is shown this once. 400 for a form token that is missing, lapsed or too fresh; 409 while the form is closed.");

        var admin = app.MapGroup("/api/complaint-form").RequireAuthorization(Policies.Admin).WithTags("Complaints");
        admin.MapGet(string.Empty, async (HttpContext http, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new GetComplaintFormQuery(http.User.StaffId()), ct)))
            .WithSummary("The complaint form's setting: whether it is on and which team's queue receives web complaints.");
        admin.MapPut(string.Empty, async (ComplaintFormRequest body, HttpContext http, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new PutComplaintFormCommand(http.User.StaffId(), body.Enabled, body.TeamId), ct)))
            .WithSummary("Switch the complaint form on (with the team that receives it) or off.");
        return app;
    }

    private static async Task<Created<ComplaintReceivedResponse>> Submit(ComplaintRequest body, IMediator mediator, PublicAddress publicAddress, CancellationToken ct)
    {
        var submitted = await mediator.Send(new SubmitComplaintCommand(body.Name, body.Email, body.Phone, body.PreferredAddress, body.Subject, body.Text, body.Website), ct);
        // The access code rides in the fragment, so it never reaches a server log.
        var statusUrl = publicAddress.StatusUrl(submitted.Reference, submitted.AccessCode);
        return TypedResults.Created($"/api/public/cases/{submitted.Reference}", new ComplaintReceivedResponse(submitted.Reference, submitted.AccessCode, statusUrl, submitted.MailedTo));
    }
}
