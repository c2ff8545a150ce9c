using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Web.Hosting;
using StackExchange.Redis;

namespace RecoveryDesk.Web.Cluster;

internal static class ClusterRegistration
{
    /// <summary>ConnectionStrings:Redis, or null for a desk of one instance.</summary>
    public static string? RedisConnectionString(this IConfiguration configuration) =>
        configuration.GetConnectionString(RedisOptions.ConnectionStringName) is { Length: > 0 } redis ? redis : null;

    /// <summary>
    /// With ConnectionStrings:Redis set, what lets several instances serve one desk: both hubs' messages
    /// go through Redis (the SignalR backplane, channels under <see cref="RedisOptions.Prefix"/>), so a
    /// console connected to any instance hears every change; and the instances tell each other when
    /// staff change, when outbox messages are committed and when a colleague's connections must be
    /// regrouped (<see cref="RedisPeers"/>); failed sign-ins and customer lookups are counted in Redis,
    /// so the limits hold across instances; /health/ready includes Redis. Without it the desk is one
    /// instance, as before.
    /// </summary>
    public static IServiceCollection AddRecoveryDeskCluster(this IServiceCollection services, ISignalRServerBuilder signalR, IConfiguration configuration)
    {
        if (configuration.RedisConnectionString() is not { } redis)
        {
            services.AddSingleton<IOtherInstances, NoOtherInstances>();
            return services;
        }

        var options = configuration.GetSection(RedisOptions.Section).Get<RedisOptions>() ?? new RedisOptions();
        services.AddSingleton(options);
        // Made by the container, so the host disposes it (and its connection) when it stops.
        services.AddSingleton(_ => new DeskRedis(redis, options));
        services.AddSingleton<RedisPeers>();
        services.Replace(ServiceDescriptor.Singleton<IDeskPeers>(provider => provider.GetRequiredService<RedisPeers>()));
        services.AddSingleton<IOtherInstances>(provider => provider.GetRequiredService<RedisPeers>());
        services.AddHostedService<PeerListener>();
        services.Replace(ServiceDescriptor.Singleton<IFailureCountStore, RedisFailureCountStore>());
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
        signalR.AddStackExchangeRedis(backplane =>
        {
            backplane.Configuration = DeskRedis.Configure(redis);
            backplane.Configuration.ChannelPrefix = RedisChannel.Literal(options.Prefix);
        });
        return services;
    }
}
