using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Rest;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Pods;

/// <summary>
/// The kubelet's Node, as a kubelet registers and keeps it: capacity from this machine (its cores, its memory, the
/// pods it runs at once), the Ready condition and the pressure conditions, its addresses and node info; its Lease in
/// kube-node-lease renewed every <see cref="RenewInterval"/>; and whether it takes new pods (`kubectl cordon` sets
/// spec.unschedulable).
/// </summary>
internal sealed class NodeRegistration(ResourceService service, KubeletOptions options, TimeProvider time)
{
    /// <summary>The node's InternalIP: the machine's loopback address, where node ports answer.</summary>
    public const string Address = "127.0.0.1";

    public const string LeaseNamespace = "kube-node-lease";
    public static readonly TimeSpan RenewInterval = TimeSpan.FromSeconds(10);
    private const int LeaseDurationSeconds = 40;

    private static readonly (string Type, string Reason, string Message)[] HealthyConditions =
    [
        ("MemoryPressure", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
        ("DiskPressure", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        ("PIDPressure", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
    ];

    /// <summary>The taint a cordoned node has, which DaemonSets' pods tolerate.</summary>
    public const string UnschedulableTaint = "node.kubernetes.io/unschedulable";

    /// <summary>The node's labels, as a cluster's kubelet sets them (nodeSelectors are matched against them).</summary>
    public static IReadOnlyDictionary<string, string> Labels { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["kubernetes.io/hostname"] = Kubelet.NodeName,
        ["kubernetes.io/os"] = "linux",
        ["kubernetes.io/arch"] = Architecture,
        ["beta.kubernetes.io/os"] = "linux",
        ["beta.kubernetes.io/arch"] = Architecture,
    };

    /// <summary>Whether the node is cordoned: pods that arrive wait, Pending, until it is not.</summary>
    public bool Unschedulable =>
        service.Store.Get(BuiltInResources.Nodes.StorageKey, new ObjectKey(string.Empty, Kubelet.NodeName)) is { } node
        && (bool?)node.ToJson()["spec"]?["unschedulable"] == true;

    /// <summary>Registers the Node (or takes over the one a previous run left) and reports it Ready.</summary>
    public void Register()
    {
        var now = time.GetUtcNow();
        try
        {
            service.Create(BuiltInResources.Nodes, null, new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Node",
                ["metadata"] = new JsonObject
                {
                    ["name"] = Kubelet.NodeName,
                    ["labels"] = new JsonObject([.. Labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))]),
                },
                ["spec"] = new JsonObject(),
            }, WriteOptions.Default);
        }
        catch (ApiException e) when (e.Code == 409)
        {
            // Registered by an earlier start of the kubelet.
        }

        StatusWrites.Write(service, service.Get(BuiltInResources.Nodes, null, Kubelet.NodeName), Status(now));
    }

    /// <summary>Renews the node's Lease until stopped, as the kubelet's heartbeat does.</summary>
    public async Task RenewLeaseAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(RenewInterval, time);
        do
        {
            try
            {
                Renew();
            }
            catch (ApiException)
            {
                // Someone deleted or changed the Lease meanwhile: the next beat makes or renews it again.
            }
        }
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false));
    }

    private void Renew()
    {
        var renewTime = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        if (service.Store.Get(BuiltInResources.Leases.StorageKey, new ObjectKey(LeaseNamespace, Kubelet.NodeName)) is { } existing)
        {
            var lease = existing.ToJson();
            lease["spec"]!["renewTime"] = renewTime;
            service.Update(BuiltInResources.Leases, LeaseNamespace, Kubelet.NodeName, null, lease, WriteOptions.Default);
            return;
        }

        var node = service.Get(BuiltInResources.Nodes, null, Kubelet.NodeName);
        service.Create(BuiltInResources.Leases, LeaseNamespace, new JsonObject
        {
            ["apiVersion"] = "coordination.k8s.io/v1",
            ["kind"] = "Lease",
            ["metadata"] = new JsonObject
            {
                ["name"] = Kubelet.NodeName,
                ["namespace"] = LeaseNamespace,
                ["ownerReferences"] = new JsonArray(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Node", ["name"] = Kubelet.NodeName, ["uid"] = node.Uid }),
            },
            ["spec"] = new JsonObject { ["holderIdentity"] = Kubelet.NodeName, ["leaseDurationSeconds"] = LeaseDurationSeconds, ["renewTime"] = renewTime },
        }, WriteOptions.Default);
    }

    private JsonObject Status(DateTimeOffset now)
    {
        var at = KubernetesTimeConverter.ToText(now);
        var resources = new JsonObject
        {
            ["cpu"] = Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
            ["memory"] = MemoryKibibytes() is { } memory ? $"{memory}Ki" : "0",
            ["pods"] = options.MaxPods.ToString(CultureInfo.InvariantCulture),
        };
        JsonObject Condition(string type, string status, string reason, string message) => new()
        {
            ["type"] = type, ["status"] = status, ["lastHeartbeatTime"] = at, ["lastTransitionTime"] = at, ["reason"] = reason, ["message"] = message,
        };
        return new JsonObject
        {
            ["capacity"] = resources,
            ["allocatable"] = resources.DeepClone(),
            ["conditions"] = new JsonArray([
                .. HealthyConditions.Select(c => (JsonNode)Condition(c.Type, "False", c.Reason, c.Message)),
                Condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
            ]),
            ["addresses"] = new JsonArray(
                new JsonObject { ["type"] = "InternalIP", ["address"] = Address },
                new JsonObject { ["type"] = "Hostname", ["address"] = Kubelet.NodeName }),
            ["daemonEndpoints"] = new JsonObject { ["kubeletEndpoint"] = new JsonObject { ["Port"] = 0 } },
            ["nodeInfo"] = new JsonObject
            {
                ["machineID"] = Read("/etc/machine-id"),
                ["systemUUID"] = Read("/etc/machine-id"),
                ["bootID"] = Read("/proc/sys/kernel/random/boot_id"),
                ["kernelVersion"] = Read("/proc/sys/kernel/osrelease"),
                ["osImage"] = OsImage(),
                ["containerRuntimeVersion"] = "sandbox://1.0.0",
                ["kubeletVersion"] = Discovery.DiscoveryDocuments.GitVersion,
                ["kubeProxyVersion"] = string.Empty,
                ["operatingSystem"] = "linux",
                ["architecture"] = Architecture,
            },
        };
    }

    private static string Architecture => RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        _ => "amd64",
    };

    private static long? MemoryKibibytes() =>
        File.Exists("/proc/meminfo") && File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) is { } line
        && long.TryParse(line["MemTotal:".Length..].Replace("kB", string.Empty, StringComparison.Ordinal).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var kibibytes)
            ? kibibytes
            : null;

    private static string OsImage() =>
        File.Exists("/etc/os-release") && File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal)) is { } line
            ? line["PRETTY_NAME=".Length..].Trim('"')
            : "Linux";

    private static string Read(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : string.Empty;
}
