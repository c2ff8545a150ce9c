using System.Diagnostics;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Domain;

namespace RecoveryDesk.Application.Common;

/// <summary>
/// Counts every command by kind and result and gives it a span, so the live messages and mail it writes
/// carry its trace. Outermost in the pipeline: input that validation refuses counts as rejected.
/// Queries pass through untouched.
/// </summary>
public sealed class CommandTelemetryBehaviour<TMessage, TResponse> : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    private static readonly bool IsCommand = typeof(IBaseCommand).IsAssignableFrom(typeof(TMessage));

    // Once per command type: "AcceptHandoffCommand" counts as AcceptHandoff.
    private static readonly string Kind = typeof(TMessage).Name.EndsWith("Command", StringComparison.Ordinal)
        ? typeof(TMessage).Name[..^"Command".Length]
        : typeof(TMessage).Name;

    private static readonly KeyValuePair<string, object?> KindTag = new("kind", Kind);

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (!IsCommand)
        {
            return await next(message, cancellationToken);
        }

        using var activity = Telemetry.Source.StartActivity(Kind);
        try
        {
            var response = await next(message, cancellationToken);
            Count(activity, "ok");
            return response;
        }
        catch (Exception error)
        {
            var result = ResultOf(error);
            Count(activity, result);
            if (result == "error")
            {
                activity?.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
            }

            throw;
        }
    }

    /// <summary>Refused by the rules or the input (the caller can tell why), lost a race, or failed.</summary>
    internal static string ResultOf(Exception error) => error switch
    {
        ConcurrencyConflictException or DbUpdateConcurrencyException or PreconditionFailedException or Domain.Cases.ReplyCollisionException => "conflict",
        ValidationException or CaseRuleException or NotAllowedException or NotFoundException or AlreadyExistsException
            or IdempotencyMismatchException or Complaints.ComplaintFormClosedException => "rejected",
        _ => "error",
    };

    private static void Count(Activity? activity, string result)
    {
        activity?.SetTag("recoverydesk.command.result", result);
        Telemetry.Commands.Add(1, KindTag, new KeyValuePair<string, object?>("result", result));
    }
}
