using Mediator;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Mail;
using RecoveryDesk.Application.Mail.Inbound;
using RecoveryDesk.Web.Auth;

namespace RecoveryDesk.Web.Mail;

public sealed record MailSettingsRequest(string SenderName, string SenderAddress, string? ReplyTo);

public sealed record MailTemplateRequest(string Subject, string Body);

public sealed record MailPreviewRequest(string? Subject, string? Body);

public sealed record MailboxRequest(string Host, int? Port, SmtpSecurity? Security, string User, string? Password, string? Folder, ProcessedAction? Processed, string? MoveTo, bool? Enabled);

/// <summary>Mail to customers: what each case's customer was sent (staff), and each team's sender and wording (admin).</summary>
internal static class MailEndpoints
{
    public static IEndpointRouteBuilder MapMailEndpoints(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases/{id:guid}/mail").RequireAuthorization(Policies.Staff).WithTags("Mail");
        cases.MapGet(string.Empty, async (Guid id, HttpContext http, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new GetCaseMailQuery(http.User.StaffId(), id), ct)))
            .WithSummary("Every mail sent (or being sent) to the case's customer, oldest first, with its state: Queued, Sent or Failed and why.");
        cases.MapGet("/{mailId:guid}", async (Guid id, Guid mailId, HttpContext http, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new GetMailQuery(http.User.StaffId(), id, mailId), ct)))
            .WithSummary("One mail with exactly what the customer got (the text and the HTML part), or the whole text of one they sent, with its attachments.");

        var teams = app.MapGroup("/api/teams/{teamId:guid}").RequireAuthorization(Policies.Admin).WithTags("Mail");
        teams.MapGet("/mail-settings", async (Guid teamId, HttpContext http, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new GetMailSettingsQuery(http.User.StaffId(), teamId), ct)))
            .WithSummary("Who the team's mail to customers comes from (the desk's default sender until set).");
        teams.MapPut("/mail-settings", async (Guid teamId, MailSettingsRequest body, HttpContext http, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new PutMailSettingsCommand(http.User.StaffId(), teamId, body.SenderName, body.SenderAddress, body.ReplyTo), ct)))
            .WithSummary("Set the team's sender name and address, and the Reply-To its customers answer to.");
        teams.MapGet("/mail-templates", async (Guid teamId, HttpContext http, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new ListMailTemplatesQuery(http.User.StaffId(), teamId), ct)))
            .WithSummary("The team's wording for every mail event, with the placeholders each may use.");
        teams.MapGet("/mail-templates/{event}", async (Guid teamId, string @event, HttpContext http, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new GetMailTemplateQuery(http.User.StaffId(), teamId, EventOf(@event)), ct)))
            .WithSummary("The team's wording for one event (Opened, Reply, PromiseMade, PromiseRenegotiated, WaitingOnCustomer, Resolved, Reopened, DetractorFollowUp, LateMessageFollowUp).");
        teams.MapPut("/mail-templates/{event}", async (Guid teamId, string @event, MailTemplateRequest body, HttpContext http, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new PutMailTemplateCommand(http.User.StaffId(), teamId, EventOf(@event), body.Subject, body.Body), ct)))
            .WithSummary("Set the wording; an unknown {{placeholder}} is a 400 that names it.");
        teams.MapDelete("/mail-templates/{event}", async (Guid teamId, string @event, HttpContext http, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new ResetMailTemplateCommand(http.User.StaffId(), teamId, EventOf(@event)), ct)))
            .WithSummary("Back to the built-in wording.");
        teams.MapPost("/mail-templates/{event}/preview", async (Guid teamId, string @event, MailPreviewRequest? body, HttpContext http, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new PreviewMailTemplateCommand(http.User.StaffId(), teamId, EventOf(@event), body?.Subject, body?.Body), ct)))
            .WithSummary("Render a template (the one given, or the team's) with sample values: {subject, text, html}.");
        teams.MapGet("/mailbox", async (Guid teamId, HttpContext http, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new GetMailboxQuery(http.User.StaffId(), teamId), ct)))
            .WithSummary("The team's IMAP mailbox and how reading it goes; the password is never returned.");
        teams.MapPut("/mailbox", async (Guid teamId, MailboxRequest body, HttpContext http, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new PutMailboxCommand(http.User.StaffId(), teamId, body.Host, body.Port, body.Security, body.User, body.Password, body.Folder, body.Processed, body.MoveTo, body.Enabled), ct)))
            .WithSummary("Set the team's mailbox (host, port, None/StartTls/Tls, user, password — omit it to keep the stored one — folder, MarkSeen or Move to a folder).");
        teams.MapDelete("/mailbox", async (Guid teamId, HttpContext http, IMediator m, CancellationToken ct) =>
            {
                await m.Send(new DeleteMailboxCommand(http.User.StaffId(), teamId), ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Stop reading the team's mailbox.");
        teams.MapPost("/mailbox/test", async (Guid teamId, HttpContext http, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new TestMailboxCommand(http.User.StaffId(), teamId), ct)))
            .WithSummary("Sign in to the mailbox and open its folder: {ok, detail, messages}.");
        return app;
    }

    private static MailKind EventOf(string name) =>
        Enum.TryParse<MailKind>(name, ignoreCase: true, out var kind) && Enum.IsDefined(kind) && !int.TryParse(name, out _)
            ? kind
            : throw InputErrors.For("event", $"There is no mail event '{name}'; use one of {string.Join(", ", Enum.GetNames<MailKind>())}.");
}
