using Microsoft.AspNetCore.SignalR;

namespace RecoveryDesk.Web.Hubs;

/// <summary>
/// SignalR logs every exception a hub method throws as an error with its stack trace, including the
/// HubException a hub throws on purpose to refuse a caller (a customer's wrong code). Its dispatcher's
/// log is silenced here and this filter logs instead: unexpected failures as errors, refusals not at all
/// (the hub logs those itself, in its own words).
/// </summary>
internal sealed class HubErrorLog(ILogger<HubErrorLog> logger) : IHubFilter
{
    private const string DispatcherCategory = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (Exception error) when (error is not HubException and not OperationCanceledException)
        {
            logger.LogError(error, "Hub method {Hub}.{Method} failed.", invocationContext.Hub.GetType().Name, invocationContext.HubMethodName);
            throw;
        }
    }

    public static void AddTo(WebApplicationBuilder builder)
    {
        builder.Logging.AddFilter(DispatcherCategory, LogLevel.None);
        builder.Services.Configure<HubOptions>(hubs => hubs.AddFilter<HubErrorLog>());
    }
}
