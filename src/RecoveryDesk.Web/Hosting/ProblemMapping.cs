using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Domain;
using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Domain.Sla;

namespace RecoveryDesk.Web.Hosting;

/// <summary>
/// The one place exceptions become HTTP answers: RFC 9457 problem details with a status a client can
/// act on. Anything unexpected is a 500 with no internals in the body.
/// </summary>
internal sealed class ProblemMapping(IProblemDetailsService problems, ILogger<ProblemMapping> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ValidationException validation => Invalid(validation),
            BadHttpRequestException bad => BadRequest(bad),
            SlaSettingsException settings => Problem(StatusCodes.Status400BadRequest, "These SLA settings do not make sense", settings.Message),
            NoSuchPartException missing => Problem(StatusCodes.Status404NotFound, "Not found", missing.Message),
            ReplyCollisionException collision => Collision(collision),
            CaseRuleException rule => Problem(StatusCodes.Status409Conflict, "The case does not allow this now", rule.Message),
            Application.Complaints.ComplaintFormClosedException closed => Problem(StatusCodes.Status409Conflict, "The complaint form is closed", closed.Message),
            AlreadyExistsException taken => Problem(StatusCodes.Status409Conflict, "Already exists", taken.Message),
            ConcurrencyConflictException conflict => Problem(StatusCodes.Status409Conflict, "Someone else changed the case", conflict.Message),
            // A write outside a case (a colleague's settings, a team's) that lost a race: nothing was saved.
            Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException => Problem(StatusCodes.Status409Conflict, "Someone else changed this", "Someone else changed this at the same moment; nothing was saved. Read it again and retry."),
            Application.Attachments.FileKindRefusedException kind => Problem(StatusCodes.Status415UnsupportedMediaType, "This file cannot be attached", kind.Message),
            NotAllowedException notAllowed => Problem(StatusCodes.Status403Forbidden, "Not allowed", notAllowed.Message),
            NotFoundException notFound => Problem(StatusCodes.Status404NotFound, "Not found", notFound.Message),
            PreconditionFailedException stale => Problem(StatusCodes.Status412PreconditionFailed, "The case changed", stale.Message),
            IdempotencyMismatchException mismatch => Problem(StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused", mismatch.Message),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => null,
            _ => null,
        };

        if (problem is null)
        {
            if (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Unhandled error on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            }

            return false;
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Problem(int status, string title, string detail) =>
        new() { Status = status, Title = title, Detail = detail };

    /// <summary>The sentence for the person, and the changes and the case's version for the page that offers "Send anyway".</summary>
    private static ProblemDetails Collision(ReplyCollisionException collision)
    {
        var problem = Problem(StatusCodes.Status409Conflict, "The case moved on since you began to write", collision.Message);
        problem.Extensions["version"] = collision.Version;
        problem.Extensions["changes"] = collision.Changes;
        return problem;
    }

    private static HttpValidationProblemDetails Invalid(ValidationException validation)
    {
        var errors = validation.Errors
            .GroupBy(e => JsonPath(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
        return new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Some input is not valid",
            Detail = "Correct the fields listed in errors and send the request again.",
        };
    }

    private static ProblemDetails BadRequest(BadHttpRequestException bad)
    {
        var status = bad.StatusCode is >= 400 and < 500 ? bad.StatusCode : StatusCodes.Status400BadRequest;
        var detail = status == StatusCodes.Status413PayloadTooLarge
            ? "The request body is too large."
            : bad.InnerException is JsonException json
                ? $"The request body is not valid JSON for this route{(json.Path is { Length: > 1 } path ? $" (at {path})" : string.Empty)}."
                : bad.Message;
        return Problem(status, status == StatusCodes.Status413PayloadTooLarge ? "Too large" : "Malformed request", detail);
    }

    /// <summary>"Customer.Name" becomes "customer.name", matching the JSON the client sent.</summary>
    private static string JsonPath(string propertyName) =>
        string.Join('.', propertyName.Split('.').Select(part => part.Length == 0 ? part : JsonNamingPolicy.CamelCase.ConvertName(part)));
}
