using System.Globalization;

namespace RecoveryDesk.Web.Hosting;

/// <summary>
/// Every API answer says the server's "now" (the clock the SLA deadlines run on) in
/// <c>X-Server-Time</c>, so a page on a desk PC whose clock is off still counts deadlines down right.
/// </summary>
internal static class ServerTime
{
    public const string Header = "X-Server-Time";

    public static IApplicationBuilder UseServerTime(this IApplicationBuilder app)
    {
        var clock = app.ApplicationServices.GetRequiredService<TimeProvider>();
        return app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/api"))
            {
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers[Header] = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
                    return Task.CompletedTask;
                });
            }

            await next(context);
        });
    }
}
