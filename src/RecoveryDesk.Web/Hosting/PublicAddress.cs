using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace RecoveryDesk.Web.Hosting;

/// <summary>
/// Where customers and staff reach the desk (the PublicBaseUrl setting), and which proxy in front of it
/// may say so. Links that leave the service — the status link carries the access code — are built from
/// the setting, never from the request's Host header, which the client chooses.
/// </summary>
internal sealed class PublicAddress
{
    public const string Setting = "PublicBaseUrl";

    private PublicAddress(Uri baseUrl) => BaseUrl = baseUrl;

    public Uri BaseUrl { get; }

    public static PublicAddress From(IConfiguration configuration)
    {
        var configured = configuration[Setting];
        if (!Uri.TryCreate(configured, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            throw new InvalidOperationException($"{Setting} must be the absolute http or https address customers open the desk at, e.g. https://desk.example.com/ (is: '{configured}').");
        }

        return new PublicAddress(new Uri(url.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/"));
    }

    /// <summary>The customer's status page, with the access code in the fragment so it never reaches a server log.</summary>
    public string StatusUrl(string reference, string accessCode) => new Application.Mail.StatusLinks(BaseUrl).For(reference, accessCode);
}

internal static class ForwardedHeadersRegistration
{
    /// <summary>
    /// X-Forwarded-For and X-Forwarded-Proto are believed only from the proxies listed in
    /// ForwardedHeaders:KnownProxies (loopback when none is listed), so behind a TLS proxy the request
    /// counts as HTTPS (Secure cookies, HSTS) and rate limits see the client's address, not the proxy's.
    /// </summary>
    public static IServiceCollection AddDeskForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [];
        services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            if (proxies.Length > 0)
            {
                forwarded.KnownProxies.Clear();
                forwarded.KnownIPNetworks.Clear();
                foreach (var proxy in proxies)
                {
                    forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
                }
            }
        });
        return services;
    }
}
