using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using RecoveryDesk.Application.Attachments;
using RecoveryDesk.Web.Auth;
using RecoveryDesk.Web.Hosting;
using RecoveryDesk.Web.Public;

namespace RecoveryDesk.Web.Cases;

/// <summary>
/// Files with a case: uploaded one at a time as multipart/form-data (field <c>file</c>, 10 MB at most,
/// its kind told by its content) and then sent with a reply, a note or the customer's message by id.
/// Every download is plain bytes with Content-Disposition: attachment, so no browser renders one.
/// </summary>
internal static class AttachmentEndpoints
{
    public static IEndpointRouteBuilder MapAttachmentEndpoints(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api/cases/{id:guid}/attachments").RequireAuthorization(Policies.Staff).WithTags("Cases");
        staff.MapPost(string.Empty, async (Guid id, HttpContext http, IMediator m, CancellationToken ct) =>
            {
                var (name, content) = await UploadOf(http.Request, ct);
                var kept = await m.Send(new UploadAttachmentCommand(http.User.StaffId(), id, name, content), ct);
                return TypedResults.Created($"/api/cases/{id}/attachments/{kept.Id}", kept);
            })
            .Upload()
            .WithSummary("Upload a file for the case (multipart/form-data, field file): an image, a PDF or plain text, 10 MB at most. Send it with a reply or note by its id.");
        staff.MapGet("/{attachmentId:guid}", async (Guid id, Guid attachmentId, HttpContext http, IMediator m, CancellationToken ct) =>
                Download(await m.Send(new GetAttachmentQuery(http.User.StaffId(), id, attachmentId), ct)))
            .WithSummary("A file of the case (sent with an entry, come by mail, or your own upload), as a download.");

        var customer = app.MapGroup("/api/public/cases/{reference}/attachments")
            .AllowAnonymous()
            .RequireCustomerLimits()
            .WithTags("Customers");
        customer.MapPost(string.Empty, async (string reference, [FromHeader(Name = PublicEndpoints.AccessCodeHeader)] string? accessCode, HttpContext http, IMediator m, CancellationToken ct) =>
            {
                var (name, content) = await UploadOf(http.Request, ct);
                return TypedResults.Ok(await m.Send(new UploadCustomerAttachmentCommand(reference, accessCode, name, content), ct));
            })
            .Upload()
            .WithSummary("Upload a file to send with your next message (multipart/form-data, field file): an image, a PDF or plain text, 10 MB at most.");
        customer.MapGet("/{attachmentId:guid}", async (string reference, Guid attachmentId, [FromHeader(Name = PublicEndpoints.AccessCodeHeader)] string? accessCode, IMediator m, CancellationToken ct) =>
                Download(await m.Send(new GetCustomerAttachmentQuery(reference, accessCode, attachmentId), ct)))
            .WithSummary("A file sent with a reply to you or with your own message, as a download.");
        return app;
    }

    /// <summary>The file's bytes, never interpreted: the browser saves it.</summary>
    private static FileContentHttpResult Download(AttachmentFile file) =>
        TypedResults.File(file.Content, "application/octet-stream", file.FileName);

    private static RouteHandlerBuilder Upload(this RouteHandlerBuilder route) =>
        route.WithMetadata(new UploadSizeLimit()).Accepts<IFormFile>("multipart/form-data");

    private static async Task<(string Name, byte[] Content)> UploadOf(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            throw new BadHttpRequestException("Send the file as multipart/form-data, in a field named file.", StatusCodes.Status415UnsupportedMediaType);
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (InvalidDataException malformed)
        {
            // No boundary, a broken part, too many parts: the client's body, not the desk, is wrong.
            throw new BadHttpRequestException($"The multipart/form-data body cannot be read: {malformed.Message}");
        }

        if (form.Files.Count != 1 || form.Files.GetFile("file") is not { } file)
        {
            throw new BadHttpRequestException("Send exactly one file, in a field named file.");
        }

        if (file.Length > FileKinds.MaxBytes)
        {
            throw new BadHttpRequestException("The file is too large.", StatusCodes.Status413PayloadTooLarge);
        }

        using var content = new MemoryStream((int)file.Length);
        await file.CopyToAsync(content, ct);
        return (file.FileName, content.ToArray());
    }

    /// <summary>Room for one file at the limit and its multipart framing; every other route keeps the small limit.</summary>
    private sealed class UploadSizeLimit : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize => FileKinds.MaxBytes + (64 * 1024);
    }
}
