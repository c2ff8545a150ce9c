using Mediator;
using RecoveryDesk.Application.CustomerData;
using RecoveryDesk.Web.Auth;

namespace RecoveryDesk.Web.CustomerData;

public sealed record EraseCustomerRequest(string? Email);

/// <summary>The customer's data rights: an admin exports or erases what the desk holds about an email address.</summary>
internal static class CustomerDataEndpoints
{
    public static IEndpointRouteBuilder MapCustomerDataEndpoints(this IEndpointRouteBuilder app)
    {
        var customers = app.MapGroup("/api/customers").RequireAuthorization(Policies.Admin).WithTags("Customer data");
        // Like every /api answer, sent with Cache-Control: no-store (SecurityHeaders).
        customers.MapGet("/export", async (HttpContext http, IMediator m, CancellationToken ct, string? email = null) =>
                TypedResults.Ok(await m.Send(new ExportCustomerDataQuery(http.User.StaffId(), email ?? string.Empty), ct)))
            .WithSummary("Admin: everything held about an email address (case-insensitive) as one document: each case with the customer's details, its whole timeline (internal entries marked), promises, mail both ways, attachments as name, type, size and SHA-256, loyalty answers; 404 when nothing is held.");
        customers.MapPost("/erase", async (EraseCustomerRequest body, HttpContext http, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new EraseCustomerCommand(http.User.StaffId(), body.Email ?? string.Empty), ct)))
            .WithSummary("Admin: erases the customer's name, contact details, texts, mail and files on every case and mail of an email address; times, states and loyalty scores stay for the figures. Audited without the address; cannot be undone; 404 when nothing is held.");
        return app;
    }
}
