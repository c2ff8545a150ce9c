using Mediator;
using Microsoft.AspNetCore.Mvc;
using RecoveryDesk.Application.Loyalty;
using RecoveryDesk.Application.Public;
using RecoveryDesk.Domain.Loyalty;
using RecoveryDesk.Web.Hosting;

namespace RecoveryDesk.Web.Public;

public sealed record CustomerMessageRequest(string Text, IReadOnlyList<Guid>? AttachmentIds);

public sealed record ConfirmationRequest(bool? Resolved, string? Comment);

public sealed record MailPreferenceRequest(bool? Updates);

public sealed record FeedbackRequest(int? Satisfaction, BuyAgain? BuyAgain, int? Recommend, string? Comment);

/// <summary>
/// The customer's routes: no account, the reference in the path and the access code in the
/// X-Access-Code header (never in the URL, so never in a log). Every answer is the case as the status
/// page shows it; a wrong code and an unknown reference get the same 404. Failed lookups are limited
/// per client address and per reference; the right code always opens.
/// </summary>
internal static class PublicEndpoints
{
    public const string AccessCodeHeader = "X-Access-Code";

    public static IEndpointRouteBuilder MapPublicEndpoints(this IEndpointRouteBuilder app)
    {
        var @case = app.MapGroup("/api/public/cases/{reference}")
            .AllowAnonymous()
            .RequireCustomerLimits()
            .WithTags("Customers");

        @case.MapGet(string.Empty, async (string reference, [FromHeader(Name = AccessCodeHeader)] string? accessCode, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new GetPublicCaseQuery(reference, accessCode), ct)))
            .WithSummary("The case in plain words: status, who looks after it (first name), what happens next and by when, public timeline, open promises.");
        @case.MapPost("/messages", async (string reference, [FromHeader(Name = AccessCodeHeader)] string? accessCode, CustomerMessageRequest body, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new SendCustomerMessageCommand(reference, accessCode, body.Text, body.AttachmentIds), ct)))
            .WithSummary("A message to the owner. Resumes a case waiting on you, reopens a resolved case or one closed within 14 days; later, opens a new linked case (its view is returned).");
        @case.MapPost("/confirmation", async (string reference, [FromHeader(Name = AccessCodeHeader)] string? accessCode, ConfirmationRequest body, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new ConfirmResolutionCommand(reference, accessCode, body.Resolved, body.Comment), ct)))
            .WithSummary("Is it resolved? true records it; false reopens the case. Only while resolved; 409 otherwise.");
        @case.MapPost("/feedback", async (string reference, [FromHeader(Name = AccessCodeHeader)] string? accessCode, FeedbackRequest body, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new GiveFeedbackCommand(reference, accessCode, body.Satisfaction, body.BuyAgain, body.Recommend, body.Comment), ct)))
            .WithSummary("The three loyalty answers, once per resolution (409 on a second answer or before resolution).");
        @case.MapPost("/mail-preference", async (string reference, [FromHeader(Name = AccessCodeHeader)] string? accessCode, MailPreferenceRequest body, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new SetMailPreferenceCommand(reference, accessCode, body.Updates), ct)))
            .WithSummary("Stop (false) or resume (true) update mail; replies to you and our questions are still mailed. The choice is on the timeline.");
        return app;
    }
}
