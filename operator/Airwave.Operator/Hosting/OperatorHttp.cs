using Airwave.Kubernetes.LeaderElection;
using Airwave.Operator.Kubernetes;
using Microsoft.Extensions.DependencyInjection;

namespace Airwave.Operator.Hosting;

/// <summary>How the operator's clients reach out: named by the replica, writing to AWS and Mux only while it leads, and bounded in time towards pods.</summary>
internal static class OperatorHttp
{
    /// <summary>Names this replica in the API server's audit log and in CloudTrail: the product, then the leader election identity.</summary>
    public static string UserAgent(string identity) => $"{AirwaveResources.ControllerName}/{identity}";

    /// <summary>With leader election, a write only while this replica leads (see <see cref="Airwave.Kubernetes.LeaderElection.LeaderOnlyWrites"/>).</summary>
    public static IReadOnlyList<Func<DelegatingHandler>> LeaderOnlyWrites(IServiceProvider services) =>
        services.GetService<LeaderElector>() is { } elector ? [() => new LeaderOnlyWrites(elector)] : [];

    /// <summary>A client of AWS or Mux, named by <paramref name="identity"/> and writing only while this replica leads.</summary>
    public static HttpClient Provider(IServiceProvider services, string identity)
    {
        var http = new HttpClient(ProviderHandler(services));
        http.DefaultRequestHeaders.UserAgent.TryParseAdd(UserAgent(identity));
        return http;
    }

    public static HttpMessageHandler ProviderHandler(IServiceProvider services)
    {
        // Pooled connections are recycled so a service's DNS changes are picked up by a long-running operator.
        var sockets = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        return services.GetService<LeaderElector>() is { } elector ? new LeaderOnlyWrites(elector) { InnerHandler = sockets } : sockets;
    }

    /// <summary>
    /// A client of pods' management ports (SFU pods' load, the webhook's views): a pod answers from memory within
    /// moments or not at all, and a slow one must not hold up a reconcile or a count.
    /// </summary>
    public static HttpClient ManagementPort() =>
        new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) }) { Timeout = TimeSpan.FromSeconds(3) };
}
