using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.ApiMachinery.Yaml;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Core;
using Airwave.Sandbox.Aws;
using Airwave.Sandbox.Mux;

namespace Airwave.Sandbox.OperatorInPod;

/// <summary>
/// Installs the operator as `helm install` does, from the chart rendered with the sandbox's values (airwave.yaml,
/// embedded): its ServiceAccount, roles, ConfigMap, Service and Deployment, whose pod the sandbox's kubelet runs.
/// Two things differ from run to run and are set here: where the AWS and Mux emulators listen, and the operator's
/// port (on loopback, since pods share the machine's network).
/// </summary>
internal static class OperatorChart
{
    public const string Namespace = "airwave";
    public const string Deployment = "airwave";
    public const string NamespaceAccessDeployment = "airwave-namespace-access";
    private const string CredentialsSecret = "airwave-sandbox-aws";
    private const string MuxCredentialsSecret = "airwave-sandbox-mux";
    private const string FieldManager = "airwave-sandbox";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(2);

    private static readonly Dictionary<string, ResourceType> Types = new(StringComparer.Ordinal)
    {
        ["Namespace"] = new("", "v1", "namespaces", "Namespace", Namespaced: false),
        ["ServiceAccount"] = new("", "v1", "serviceaccounts", "ServiceAccount", Namespaced: true),
        ["Secret"] = ResourceType.Secrets,
        ["ConfigMap"] = ResourceType.ConfigMaps,
        ["Service"] = new("", "v1", "services", "Service", Namespaced: true),
        ["ClusterRole"] = new("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", Namespaced: false),
        ["ClusterRoleBinding"] = new("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", Namespaced: false),
        ["Role"] = new("rbac.authorization.k8s.io", "v1", "roles", "Role", Namespaced: true),
        ["RoleBinding"] = new("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", Namespaced: true),
        ["Deployment"] = ResourceType.Deployments,
        ["PodDisruptionBudget"] = new("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", Namespaced: true),
        ["ValidatingAdmissionPolicy"] = new("admissionregistration.k8s.io", "v1", "validatingadmissionpolicies", "ValidatingAdmissionPolicy", Namespaced: false),
        ["ValidatingAdmissionPolicyBinding"] = new("admissionregistration.k8s.io", "v1", "validatingadmissionpolicybindings", "ValidatingAdmissionPolicyBinding", Namespaced: false),
    };

    /// <summary>The chart's manifests as the sandbox applies them.</summary>
    public static IReadOnlyList<JsonObject> Manifests(AwsEmulator aws, MuxEmulator mux, int port)
    {
        using var stream = typeof(OperatorChart).Assembly.GetManifestResourceStream("Airwave.Sandbox.OperatorInPod.airwave.yaml")
            ?? throw new InvalidOperationException("the rendered chart is not embedded in the sandbox");
        using var reader = new StreamReader(stream);
        var manifests = YamlReader.ReadDocuments(reader.ReadToEnd()).OfType<JsonObject>().ToList();

        var configMap = manifests.Single(m => (string?)m["kind"] == "ConfigMap");
        var config = JsonNode.Parse((string)configMap["data"]!["config.json"]!)!;
        config["Aws"]!["EndpointUrl"] = aws.BaseAddress.ToString();
        config["Operator"]!["LivePlaybackBaseUrl"] = aws.EdgeAddress(aws.Options.LiveDistributionId).ToString();
        config["Operator"]!["VideoAssets"]!["Aws"]!["PlaybackBaseUrl"] = aws.EdgeAddress(aws.Options.VideoDistributionId).ToString();
        config["Mux"]!["ApiUrl"] = mux.BaseAddress.ToString();
        config["Mux"]!["PlaybackUrlTemplate"] = MuxEmulator.PlaybackUrlTemplate(mux.BaseAddress);
        config["Mux"]!["ThumbnailUrlTemplate"] = MuxEmulator.ThumbnailUrlTemplate(mux.BaseAddress);
        configMap["data"]!["config.json"] = config.ToJsonString();

        ListenOnLoopback(Container(manifests, Deployment), port);
        ListenOnLoopback(Container(manifests, NamespaceAccessDeployment), LoopbackPorts.Reserve());
        return manifests;
    }

    private static JsonNode Container(List<JsonObject> manifests, string deployment) =>
        manifests.Single(m => (string?)m["kind"] == "Deployment" && (string?)m["metadata"]!["name"] == deployment)["spec"]!["template"]!["spec"]!["containers"]![0]!;

    /// <summary>
    /// On loopback alone, not on every address of the machine as the chart's 0.0.0.0 would be: 127.0.0.1 for you,
    /// the pod's own address (status.podIP) for its probes; on a port of this run, as pods share the machine's network.
    /// </summary>
    private static void ListenOnLoopback(JsonNode container, int port)
    {
        var args = container["args"]!.AsArray();
        var urls = args.Select(a => (string?)a).ToList().IndexOf("--urls") + 1;
        container["env"]!.AsArray().Add(new JsonObject { ["name"] = "POD_IP", ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["fieldPath"] = "status.podIP" } } });
        args[urls] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)};http://$(POD_IP):{port.ToString(CultureInfo.InvariantCulture)}";
        container["ports"]![0]!["containerPort"] = port;
    }

    /// <summary>
    /// Waits until the operator's and the namespace-access controller's Deployments each have an available pod (its
    /// readiness probe passed), as `kubectl rollout status` does, for at most two minutes in all.
    /// </summary>
    /// <exception cref="OperatorPodNotReadyException">It did not.</exception>
    public static async Task WaitReadyAsync(KubernetesClient client, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + ReadyTimeout;
        foreach (var name in new[] { Deployment, NamespaceAccessDeployment })
        {
            while (!await IsAvailableAsync(client, name, ct))
            {
                if (DateTimeOffset.UtcNow > deadline)
                {
                    throw new OperatorPodNotReadyException(
                        $"the pod of Deployment {name} was not ready after {ReadyTimeout.TotalMinutes:0} minutes; see `kubectl -n {Namespace} get pods` and `kubectl -n {Namespace} logs deployment/{name}`");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
            }
        }
    }

    private static async Task<bool> IsAvailableAsync(KubernetesClient client, string deployment, CancellationToken ct) =>
        (await client.Api.AppsV1.ReadNamespacedDeploymentAsync(deployment, Namespace, cancellationToken: ct).OrNull())?.Status?.AvailableReplicas > 0;

    public static async Task InstallAsync(KubernetesClient client, AwsEmulator aws, MuxEmulator mux, int port, CancellationToken ct)
    {
        var credentials = aws.Options.Credentials;
        IEnumerable<JsonObject> objects =
        [
            new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = Namespace } },
            new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Secret",
                ["metadata"] = new JsonObject { ["name"] = CredentialsSecret, ["namespace"] = Namespace },
                ["stringData"] = new JsonObject { ["AWS_ACCESS_KEY_ID"] = credentials.AccessKeyId, ["AWS_SECRET_ACCESS_KEY"] = credentials.SecretAccessKey },
            },
            new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Secret",
                ["metadata"] = new JsonObject { ["name"] = MuxCredentialsSecret, ["namespace"] = Namespace },
                ["stringData"] = new JsonObject { ["MUX_TOKEN_ID"] = mux.Options.TokenId, ["MUX_TOKEN_SECRET"] = mux.Options.TokenSecret },
            },
            .. Manifests(aws, mux, port),
        ];
        foreach (var obj in objects)
        {
            var kind = (string)obj["kind"]!;
            var type = Types.GetValueOrDefault(kind) ?? throw new InvalidOperationException($"the rendered chart has a {kind}, which the sandbox does not know how to install");
            var metadata = obj["metadata"]!;
            await client.PatchAsync<PartialObjectMetadata>(type, type.Namespaced ? (string?)metadata["namespace"] ?? Namespace : null, (string)metadata["name"]!, KubernetesPatch.Apply(obj, FieldManager, force: true), ct);
        }
    }
}
