using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Airwave.Api.ArchiveSplits;
using Airwave.Api.LiveStreams;
using Airwave.Api.VideoAssets;
using Airwave.Chart.Tests.Rendering;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Events;
using Airwave.Operator.ArchiveSplits;
using Airwave.Operator.ArchiveSplits.Recording;
using Airwave.Operator.Configuration;
using Airwave.Operator.Kubernetes;
using Airwave.Operator.LiveStreams.Connector;
using Airwave.Operator.LiveStreams.Sfu;
using Airwave.Operator.VideoAssets.AwsHosting;
using k8s.Models;
using Microsoft.Extensions.Configuration;

namespace Airwave.Chart.Tests.Sandbox;

/// <summary>
/// The ValidatingAdmissionPolicy the chart binds to the operator's ServiceAccount, installed with the chart's RBAC
/// into the sandbox's API server (which enforces both): the objects the operator's own code builds are admitted
/// under its identity, and what a compromised operator pod would write instead is refused, naming the rule.
/// </summary>
[Collection(SharedChartRenderer.Name)]
public sealed class OperatorWritePolicyTests(ChartRenderer renderer) : IAsyncLifetime
{
    private const string Tenant = "team";
    private readonly SandboxApiServer _sandbox = new();
    private OperatorOptions _options = null!;
    private string _operator = null!;

    private static LiveStream Stream => new()
    {
        ApiVersion = "media.airwave.dev/v1alpha1",
        Kind = "LiveStream",
        Metadata = new ObjectMeta { Name = "stage", Namespace = Tenant, Uid = "5f0c7d1e-0000-4000-8000-000000000001" },
        Spec = new LiveStreamSpec { Source = new StreamSource { Type = SourceType.WebRtc } },
    };

    private static ArchiveSplit Split => new()
    {
        ApiVersion = "media.airwave.dev/v1alpha1",
        Kind = "ArchiveSplit",
        Metadata = new ObjectMeta { Name = "highlights", Namespace = Tenant, Uid = "5f0c7d1e-0000-4000-8000-000000000002" },
        Spec = new ArchiveSplitSpec { StreamRef = new LocalObjectReference { Name = "stage" }, SessionId = "session", Sections = [new ArchiveSection { Start = 0, End = 10 }] },
    };

    private static VideoAsset Video => new()
    {
        ApiVersion = "media.airwave.dev/v1alpha1",
        Kind = "VideoAsset",
        Metadata = new ObjectMeta { Name = "talk", Namespace = Tenant, Uid = "5f0c7d1e-0000-4000-8000-000000000005" },
        Spec = new VideoAssetSpec { Title = "Talk", Provider = VideoProvider.Aws, Source = new VideoSource { Url = "https://media.example.com/talk.mp4" } },
    };

    public async Task InitializeAsync()
    {
        await _sandbox.InitializeAsync();
        var chart = await renderer.RenderMinimalAsync();
        Assert.True(chart.Has("ValidatingAdmissionPolicy"));
        await _sandbox.InstallAccessControlAsync(chart);
        await _sandbox.Kubectl.SucceedAsync("create", "namespace", Tenant);

        var account = chart.Operator("ServiceAccount")["metadata"]!;
        _operator = $"system:serviceaccount:{(string?)account["namespace"]}:{(string?)account["name"]}";

        // The tenant's namespace holds the stream and the split these objects belong to: the operator's writes are granted there.
        var bound = await _sandbox.Kubectl.RunWithInputAsync(
            NamespaceAccessPolicyTests.Binding(Tenant).ToJsonString(), "create", "-f", "-", $"--as={NamespaceAccessPolicyTests.Controller}");
        Assert.True(bound.ExitCode == 0, bound.ToString());
        using var config = new MemoryStream(Encoding.UTF8.GetBytes((string)chart.One("ConfigMap")["data"]!["config.json"]!));
        _options = new ConfigurationBuilder().AddJsonStream(config).Build().GetSection("Operator").Get<OperatorOptions>()!;
    }

    public Task DisposeAsync() => _sandbox.DisposeAsync();

    [Fact]
    public async Task Every_object_the_operator_builds_is_admitted_under_its_service_account()
    {
        foreach (var (what, manifest) in OperatorObjects())
        {
            // The owners are not in this API server, so its garbage collector removes what is created soon after.
            var created = await CreateAsOperatorAsync(manifest);
            Assert.True(created.ExitCode == 0 && created.StandardOutput.Contains($"/{(string?)manifest["metadata"]!["name"]} created", StringComparison.Ordinal), $"{what}: {created}");
        }
    }

    [Fact]
    public async Task What_a_compromised_operator_would_write_instead_is_refused_naming_the_rule()
    {
        var failures = new List<string>();
        foreach (var (what, manifest, rule) in CompromisedWrites())
        {
            var result = await CreateAsOperatorAsync(manifest);
            var expected = $"ValidatingAdmissionPolicy 'airwave-operator-writes' with binding 'airwave-operator-writes' denied request: {rule}";
            if (result.ExitCode == 0 || !result.StandardError.Contains(expected, StringComparison.Ordinal))
            {
                failures.Add($"{what}: expected a refusal saying \"{rule}\", got {result}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal("", await _sandbox.Kubectl.SucceedAsync("get", "secrets,deployments,services,networkpolicies,jobs", "-n", Tenant, "-o", "name"));
    }

    [Fact]
    public async Task The_policy_binds_the_operator_alone()
    {
        var (_, manifest, _) = CompromisedWrites().Single(w => w.What == "an image of its choosing");

        var asAdmin = await _sandbox.Kubectl.RunWithInputAsync(manifest.ToJsonString(), "create", "-f", "-");

        Assert.True(asAdmin.ExitCode == 0, asAdmin.ToString());
    }

    [Fact]
    public async Task The_operator_changes_only_the_annotations_of_pods_airwave_started()
    {
        await _sandbox.Kubectl.SucceedAsync("run", "sfu-0", "-n", Tenant, "--image=airwave/sfu", "--restart=Never", "--labels=app.kubernetes.io/managed-by=airwave");
        await _sandbox.Kubectl.SucceedAsync("run", "web", "-n", Tenant, "--image=nginx", "--restart=Never", "--labels=app=web");

        // As the operator patches (a merge patch, without reading the pod first: it may list pods, not get them).
        using var http = new HttpClient { BaseAddress = _sandbox.BaseAddress };
        async Task<(HttpStatusCode Status, string Body)> PatchAsync(string pod, string patch)
        {
            using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/namespaces/{Tenant}/pods/{pod}")
            {
                Content = new StringContent(patch, Encoding.UTF8, "application/merge-patch+json"),
            };
            request.Headers.Add("Impersonate-User", _operator);
            using var response = await http.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var drain = await PatchAsync("sfu-0", """{"metadata":{"annotations":{"media.airwave.dev/draining":"2026-11-27T00:00:00Z"}}}""");
        var relabel = await PatchAsync("sfu-0", """{"metadata":{"labels":{"app":"web"}}}""");
        var tenants = await PatchAsync("web", """{"metadata":{"annotations":{"note":"x"}}}""");

        Assert.True(drain.Status == HttpStatusCode.OK, drain.Body);
        Assert.Equal(HttpStatusCode.Forbidden, relabel.Status);
        Assert.Contains("the operator changes only the annotations of pods Airwave started", relabel.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, tenants.Status);
        Assert.Contains("the operator changes only the annotations of pods Airwave started", tenants.Body, StringComparison.Ordinal);
        Assert.Equal("airwave", await _sandbox.Kubectl.SucceedAsync("get", "pod", "sfu-0", "-n", Tenant, "-o", "jsonpath={.metadata.labels.app\\.kubernetes\\.io/managed-by}"));
        Assert.Equal("", await _sandbox.Kubectl.SucceedAsync("get", "pod", "web", "-n", Tenant, "-o", "jsonpath={.metadata.annotations.note}"));
    }

    [Fact]
    public async Task The_operator_deletes_a_namespaces_signing_key_of_earlier_versions_only_when_airwave_made_it()
    {
        await _sandbox.Kubectl.SucceedAsync("create", "namespace", "other-team");

        // Both namespaces hold VideoAssets, whose reconcile removes the keys of earlier versions.
        Assert.Equal(0, (await _sandbox.Kubectl.RunWithInputAsync(NamespaceAccessPolicyTests.Binding("other-team").ToJsonString(), "create", "-f", "-", $"--as={NamespaceAccessPolicyTests.Controller}")).ExitCode);
        await _sandbox.Kubectl.SucceedAsync("create", "secret", "generic", "airwave-mux-signing-key", "-n", Tenant, "--from-literal=VIDEO_SIGNING_KEY=old");
        await _sandbox.Kubectl.SucceedAsync("label", "secret", "airwave-mux-signing-key", "-n", Tenant, "app.kubernetes.io/managed-by=airwave");
        await _sandbox.Kubectl.SucceedAsync("create", "secret", "generic", "airwave-mux-signing-key", "-n", "other-team", "--from-literal=mine=yes");
        await _sandbox.Kubectl.SucceedAsync("create", "secret", "generic", "app-credentials", "-n", Tenant, "--from-literal=password=hunter2");
        await _sandbox.Kubectl.SucceedAsync("label", "secret", "app-credentials", "-n", Tenant, "app.kubernetes.io/managed-by=airwave");

        var airwaves = await _sandbox.Kubectl.RunAsync("delete", "secret", "airwave-mux-signing-key", "-n", Tenant, $"--as={_operator}");
        var tenants = await _sandbox.Kubectl.RunAsync("delete", "secret", "airwave-mux-signing-key", "-n", "other-team", $"--as={_operator}");
        var another = await _sandbox.Kubectl.RunAsync("delete", "secret", "app-credentials", "-n", Tenant, $"--as={_operator}");

        Assert.True(airwaves.ExitCode == 0, airwaves.ToString());
        const string rule = "outside its own namespace the operator writes only objects controlled by a LiveStream, an ArchiveSplit or a VideoAsset";
        Assert.True(tenants.ExitCode != 0 && tenants.StandardError.Contains(rule, StringComparison.Ordinal), tenants.ToString());
        Assert.True(another.ExitCode != 0 && another.StandardError.Contains(rule, StringComparison.Ordinal), another.ToString());
        Assert.Equal("secret/app-credentials", (await _sandbox.Kubectl.SucceedAsync("get", "secrets", "-n", Tenant, "-o", "name")).Trim());
        Assert.Equal("secret/airwave-mux-signing-key", (await _sandbox.Kubectl.SucceedAsync("get", "secrets", "-n", "other-team", "-o", "name")).Trim());
    }

    private Task<ProcessResult> CreateAsOperatorAsync(JsonObject manifest) =>
        _sandbox.Kubectl.RunWithInputAsync(manifest.ToJsonString(), "create", "-f", "-", $"--as={_operator}");

    /// <summary>What the operator's code makes for a WebRtc stream, a Chime stream and an ArchiveSplit section.</summary>
    private List<(string What, JsonObject Manifest)> OperatorObjects()
    {
        var chime = Stream with
        {
            Metadata = Stream.Metadata with { Name = "town-hall", Uid = "5f0c7d1e-0000-4000-8000-000000000003" },
            Spec = new LiveStreamSpec { Source = new StreamSource { Type = SourceType.Chime, Chime = new ChimeSource { MeetingUrl = "https://app.chime.aws/meetings/town-hall" } } },
        };
        var cut = new SectionCut(0, 0, 10, [new RecordedSegment("session/index_1.ts", 0, 10, false)]);
        return
        [
            ("the SFU Secret", Typed(SfuObjects.Secret(Stream, _options.Sfu, new SfuEngineKeys(new string('b', 64), new string('c', 64))))),
            ("the SFU Deployment", SfuObjects.Deployment(Stream, 2, new string('a', 64), [], _options.Sfu)),
            ("the SFU Service", SfuObjects.Service(Stream, _options.Sfu)),
            ("the SFU pods' ingress NetworkPolicy", SfuObjects.IngressPolicy(Stream, _options.Sfu with { ApiCallers = new SfuApiCallers { Namespace = AirwaveChart.ReleaseNamespace, PodLabels = new Dictionary<string, string> { ["app.kubernetes.io/component"] = "signaling" } } })!),
            ("the connector Deployment", ConnectorObjects.Deployment(chime, new string('d', 64), backup: false, _options.Connector)),
            ("the connector's egress NetworkPolicy", ConnectorObjects.EgressPolicy(chime, _options.Connector)),
            ("a clip Job", Typed(ClipJobs.Build(Split, "highlights-0", cut, TimeSpan.FromMinutes(10), _options.Clips))),
            ("the clip Jobs' egress NetworkPolicy", ClipJobs.EgressPolicy(Split, _options.Clips)),
            ("a transcode Job", Typed(TranscodeJobs.Build(Video, TranscodeJobs.NameFor(Video, TranscodeJobs.AssetIdFor(Video, Video.Spec.Source.Url!)), _options.VideoAssets.Aws))),
            ("the transcode Jobs' egress NetworkPolicy", TranscodeJobs.EgressPolicy(Video, _options.VideoAssets.Aws)),
            ("an Event about a LiveStream", Typed(EventRecorder.Build(EventRecorder.Regarding(AirwaveResources.LiveStreams, Stream), "airwave-operator", "airwave-0", EventType.Normal, "Created", "Create", "Created Deployment sfu-stage", DateTimeOffset.UtcNow))),
            ("an Event about the signing key's Secret", Typed(EventRecorder.Build(EventRecorder.Regarding(ResourceType.Secrets, new V1Secret { Metadata = new V1ObjectMeta { Name = "airwave-mux-playback-key", NamespaceProperty = AirwaveChart.ReleaseNamespace, Uid = "5f0c7d1e-0000-4000-8000-000000000004" } }), "airwave-operator", "airwave-0", EventType.Normal, "SigningKeyCreated", "Sign", "Created signing key", DateTimeOffset.UtcNow))),
        ];
    }

    private List<(string What, JsonObject Manifest, string Rule)> CompromisedWrites()
    {
        const string Owned = "outside its own namespace the operator writes only objects controlled by a LiveStream, an ArchiveSplit or a VideoAsset";
        const string Events = "the operator's Events are about LiveStreams, VideoAssets and ArchiveSplits, in their namespace, or about the Secrets and ConfigMaps of its own";
        const string Isolated = "pods the operator starts run as non-root, share nothing with their node and mount only emptyDir and Secret volumes";
        var images = $"pods the operator starts run only these images, with their own entrypoints: {_options.Sfu.Image}, {_options.Connector.Image}, {_options.Clips.FfmpegImage}, {_options.Clips.UploadImage}";
        JsonObject Sfu(Action<JsonObject> change)
        {
            var deployment = SfuObjects.Deployment(Stream, 2, new string('a', 64), [], _options.Sfu);
            change(deployment);
            return deployment;
        }

        static JsonObject PodSpec(JsonObject deployment) => (JsonObject)deployment["spec"]!["template"]!["spec"]!;
        static JsonObject Container(JsonObject deployment) => (JsonObject)PodSpec(deployment)["containers"]![0]!;
        var service = SfuObjects.Service(Stream, _options.Sfu);
        service["spec"]!["type"] = "LoadBalancer";
        service["spec"]!.AsObject().Remove("clusterIP");
        var policy = ConnectorObjects.EgressPolicy(Stream, _options.Connector);
        policy["spec"]!["podSelector"] = new JsonObject();
        var unowned = Typed(SfuObjects.Secret(Stream, _options.Sfu, new SfuEngineKeys(new string('b', 64), new string('c', 64))));
        unowned["metadata"]!.AsObject().Remove("ownerReferences");
        return
        [
            ("a service-account token Secret", JsonNode.Parse("""
                {"apiVersion":"v1","kind":"Secret","type":"kubernetes.io/service-account-token",
                 "metadata":{"name":"stolen-token","namespace":"team","annotations":{"kubernetes.io/service-account.name":"default"}}}
                """)!.AsObject(), "the operator creates only Opaque Secrets, never service-account token Secrets"),
            ("a Secret no Airwave object controls", unowned, Owned),
            ("a Deployment no Airwave object controls", Sfu(d => d["metadata"]!.AsObject().Remove("ownerReferences")), Owned),
            ("an image of its choosing", Sfu(d => Container(d)["image"] = "registry.example.com/tools:1"), images),
            ("a command of its choosing", Sfu(d => Container(d)["command"] = new JsonArray("sh", "-c", "cat /var/run/secrets/*")), images),
            ("a pod with a ServiceAccount's token", Sfu(d => { PodSpec(d)["automountServiceAccountToken"] = true; PodSpec(d)["serviceAccountName"] = "admin"; }), "pods the operator starts get no service-account token"),
            ("a pod on the node's network", Sfu(d => PodSpec(d)["hostNetwork"] = true), Isolated),
            ("a pod mounting the node's disk", Sfu(d => PodSpec(d)["volumes"]!.AsArray().Add(new JsonObject { ["name"] = "root", ["hostPath"] = new JsonObject { ["path"] = "/" } })), Isolated),
            ("a privileged container", Sfu(d => Container(d)["securityContext"]!["privileged"] = true), "containers the operator starts drop every capability, cannot escalate, write no root file system and take no host port"),
            ("pods that join a tenant's Service", Sfu(d => d["spec"]!["template"]!["metadata"]!["labels"]!["app"] = "web"), "pods the operator starts carry only Airwave's labels, with the uid of the object that controls them"),
            ("a load balancer", service, "the operator's Services are headless and select only the pods of the stream that controls them"),
            ("a NetworkPolicy over every pod of the namespace", policy, "the operator's NetworkPolicies select only the pods of the stream, split or video that controls them"),
            ("an Event about a tenant's pod", Typed(EventRecorder.Build(EventRecorder.Regarding(ResourceType.Pods, new V1Pod { Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = Tenant, Uid = "5f0c7d1e-0000-4000-8000-000000000005" } }), "airwave-operator", "airwave-0", EventType.Warning, "Compromised", "Scan", "this image has a critical vulnerability: pull registry.example.com/fix", DateTimeOffset.UtcNow)), Events),
            ("an Event about a Secret of kube-system", InTenant(Typed(EventRecorder.Build(EventRecorder.Regarding(ResourceType.Secrets, new V1Secret { Metadata = new V1ObjectMeta { Name = "admin-token", NamespaceProperty = "kube-system" } }), "airwave-operator", "airwave-0", EventType.Normal, "Rotated", "Rotate", "rotated", DateTimeOffset.UtcNow))), Events),
        ];
    }

    /// <summary>The object written into the tenant's namespace, where the operator may write.</summary>
    private static JsonObject InTenant(JsonObject manifest)
    {
        manifest["metadata"]!["namespace"] = Tenant;
        return manifest;
    }

    /// <summary>A built-in object as the official client sends it.</summary>
    private static JsonObject Typed(object value) => JsonNode.Parse(k8s.KubernetesJson.Serialize(value))!.AsObject();
}
