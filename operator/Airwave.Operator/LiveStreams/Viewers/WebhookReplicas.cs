using System.Net;
using Airwave.Api.LiveStreams;
using Airwave.Kubernetes.Client;
using Airwave.Operator.Configuration;
using k8s;

namespace Airwave.Operator.LiveStreams.Viewers;

/// <summary>
/// The webhook service's ready replicas, as its Service's EndpointSlices list them (which reveal addresses only, so
/// the operator needs no read of the pods), each named by where it reports the views open on it.
/// </summary>
public sealed class WebhookReplicas(KubernetesClient client, OperatorOptions options)
{
    private const string ServiceNameLabel = "kubernetes.io/service-name";

    public async Task<IReadOnlyList<Uri>> ReportUrisAsync(CancellationToken cancellationToken)
    {
        var viewers = options.Viewers;
        var slices = await client.Api.DiscoveryV1.ListNamespacedEndpointSliceAsync(
            viewers.WebhookNamespace,
            labelSelector: $"{ServiceNameLabel}={viewers.WebhookService}",
            cancellationToken: cancellationToken);

        // A dual-stack Service lists each pod in two slices, one per address family: each replica is asked once, at
        // its IPv4 address where it has one.
        return [.. slices.Items
            .OrderBy(slice => slice.AddressType, StringComparer.Ordinal)
            .SelectMany(slice => slice.Endpoints ?? [])
            .Where(endpoint => endpoint.Conditions?.Ready != false && endpoint.Addresses is { Count: > 0 })
            .DistinctBy(endpoint => endpoint.TargetRef?.Uid ?? endpoint.Addresses[0])
            .Select(endpoint => ReportUri(endpoint.Addresses[0], viewers.WebhookManagementPort))
            .OfType<Uri>()];
    }

    private static Uri? ReportUri(string address, int port) =>
        IPAddress.TryParse(address, out var ip)
            ? new UriBuilder("http", ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{ip}]" : ip.ToString(), port, ViewerReport.Path).Uri
            : null;
}
