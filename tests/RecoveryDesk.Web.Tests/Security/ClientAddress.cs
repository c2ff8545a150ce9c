using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace RecoveryDesk.Web.Tests.Security;

/// <summary>
/// The test server has no network peer; this gives a request the client address named in
/// <see cref="Header"/>, as the connection would, before the host's own pipeline sees it.
/// </summary>
public sealed class ClientAddress : IStartupFilter
{
    public const string Header = "X-Test-Peer-Address";

    public static void AddTo(IServiceCollection services) => services.AddSingleton<IStartupFilter, ClientAddress>();

    public static HttpRequestMessage From(string address, HttpMethod method, string path, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add(Header, address);
        return request;
    }

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            if (context.Request.Headers.TryGetValue(Header, out var address) && IPAddress.TryParse(address.ToString(), out var parsed))
            {
                context.Connection.RemoteIpAddress = parsed;
            }

            await nextMiddleware(context);
        });
        next(app);
    };
}
