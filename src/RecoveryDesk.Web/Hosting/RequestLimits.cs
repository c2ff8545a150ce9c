using Microsoft.AspNetCore.Http.Features;

namespace RecoveryDesk.Web.Hosting;

/// <summary>Refuses request bodies over the limit before anything reads them, whichever server hosts the app.</summary>
internal static class RequestLimits
{
    public const long MaxBodyBytes = 64 * 1024;

    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = MaxBodyBytes;
            }

            if (context.Request.ContentLength > MaxBodyBytes)
            {
                throw new BadHttpRequestException("The request body is too large.", StatusCodes.Status413PayloadTooLarge);
            }

            await next(context);
        });
}
