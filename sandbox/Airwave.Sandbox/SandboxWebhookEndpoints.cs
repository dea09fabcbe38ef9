using System.Globalization;
using System.Text.Json.Nodes;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Core;

namespace Airwave.Sandbox;

/// <summary>
/// The webhook service runs in the sandbox's own process, not in a pod, so no endpoint controller lists it: the
/// sandbox writes its Service (without a selector) and EndpointSlice as one does for a service outside the cluster,
/// and the operator finds the replica there, as in a cluster, to count the views open on it.
/// </summary>
internal static class SandboxWebhookEndpoints
{
    public const string Namespace = "default";
    public const string Service = "airwave-webhook";
    private const string FieldManager = "airwave-sandbox";

    private static readonly ResourceType EndpointSlices = new("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", Namespaced: true);

    /// <summary>What the operator is told: the Service to look up and the management port the replica listens on.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> OperatorSettings(int managementPort, TimeSpan countInterval) =>
    [
        new("Operator:Viewers:WebhookService", Service),
        new("Operator:Viewers:WebhookNamespace", Namespace),
        new("Operator:Viewers:WebhookManagementPort", managementPort.ToString(CultureInfo.InvariantCulture)),
        new("Operator:Viewers:CountInterval", countInterval.ToString("c", CultureInfo.InvariantCulture)),
    ];

    /// <summary>Writes the Service and its one ready endpoint, 127.0.0.1 (server-side apply, so a sandbox started again takes its own port).</summary>
    public static async Task RegisterAsync(KubernetesClient client, int managementPort, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var service = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = new JsonObject { ["name"] = Service, ["namespace"] = Namespace },
            ["spec"] = new JsonObject
            {
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "management", ["port"] = managementPort, ["protocol"] = "TCP" }),
            },
        };
        var slice = new JsonObject
        {
            ["apiVersion"] = "discovery.k8s.io/v1",
            ["kind"] = "EndpointSlice",
            ["metadata"] = new JsonObject
            {
                ["name"] = Service + "-sandbox",
                ["namespace"] = Namespace,
                ["labels"] = new JsonObject { ["kubernetes.io/service-name"] = Service, ["endpointslice.kubernetes.io/managed-by"] = FieldManager },
            },
            ["addressType"] = "IPv4",
            ["endpoints"] = new JsonArray(new JsonObject
            {
                ["addresses"] = new JsonArray("127.0.0.1"),
                ["conditions"] = new JsonObject { ["ready"] = true },
            }),
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "management", ["port"] = managementPort, ["protocol"] = "TCP" }),
        };
        await client.PatchAsync<PartialObjectMetadata>(ResourceType.Services, Namespace, Service, KubernetesPatch.Apply(service, FieldManager, force: true), cancellationToken);
        await client.PatchAsync<PartialObjectMetadata>(EndpointSlices, Namespace, Service + "-sandbox", KubernetesPatch.Apply(slice, FieldManager, force: true), cancellationToken);
    }
}
