using System.Text.Json.Nodes;
using Airwave.Chart.Tests.Rendering;
using Airwave.Kubernetes.ApiMachinery.Yaml;
using Airwave.Operator.NamespaceAccess;
using Airwave.Sandbox;

namespace Airwave.Chart.Tests.Sandbox;

/// <summary>
/// The chart installed with kubectl into the sandbox, whose API server enforces RBAC, and the operator running with
/// the chart's ServiceAccount token: the permissions the chart grants are enough, and each one is needed.
/// </summary>
[Collection(SharedChartRenderer.Name)]
public sealed class OperatorAsChartServiceAccountTests(ChartRenderer renderer) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _directory = Directory.CreateTempSubdirectory("airwave-chart-identity-").FullName;
    private SandboxHost _sandbox = null!;
    private Kubectl _kubectl = null!;
    private NamespaceAccessProcess? _namespaceAccess;
    private IReadOnlyList<JsonNode> _manifests = [];

    public async Task InitializeAsync()
    {
        _sandbox = await SandboxHost.StartAsync(
            new SandboxOptions
            {
                KubePort = 0,
                AwsPort = 0,
                OperatorPort = 0,
                KubeconfigPath = Path.Combine(_directory, "admin.kubeconfig"),
                AwsTransitionDelay = TimeSpan.FromMilliseconds(100),
                OperatorPollInterval = TimeSpan.FromMilliseconds(100),

                // Events go to the outbox in the operator's namespace; nothing listens on the discard port, so they stay there.
                OperatorSettings = new Dictionary<string, string?>
                {
                    ["DOWNSTREAM_SERVICE_ENABLED"] = "true",
                    ["DOWNSTREAM_SERVICE_URL"] = "http://127.0.0.1:9/events",
                },
            },
            CancellationToken.None);
        _kubectl = new Kubectl(_sandbox.KubeconfigPath, Path.Combine(_directory, "kubectl-cache"));
    }

    [Fact]
    public async Task The_operator_with_the_charts_service_account_provisions_and_deletes_a_stream()
    {
        await InstallChartAsRunningOperatorAsync(manifests => manifests);

        await _kubectl.SucceedAsync("create", "namespace", "streams");
        await _kubectl.SucceedAsync("apply", "-n", "streams", "-f", Repository.Path("examples", "livestream-rtmp.yaml"));
        await Eventually.MatchAsync(() => PhaseAsync("streams"), phase => phase == "Running", Timeout, "the stream runs under the chart's identity");
        var outbox = await _kubectl.SucceedAsync("get", "configmaps", "-n", AirwaveChart.ReleaseNamespace, "-o", "name");
        Assert.Contains("configmap/airwave-outbox-", outbox, StringComparison.Ordinal);

        await _kubectl.SucceedAsync("delete", "-n", "streams", "livestream", "workshop-a", "--wait=false");
        await Eventually.MatchAsync(() => _kubectl.SucceedAsync("get", "livestreams", "-n", "streams", "-o", "name"), names => names.Trim().Length == 0, Timeout, "the stream is deleted");
        Assert.True(_sandbox.Aws!.Inventory.IsEmpty, "every AWS resource of the stream is deleted");
    }

    [Fact]
    public async Task The_operator_writes_only_in_namespaces_that_hold_a_stream_and_only_while_they_do()
    {
        await InstallChartAsRunningOperatorAsync(manifests => manifests);
        await _kubectl.SucceedAsync("create", "namespace", "streams");
        await _kubectl.SucceedAsync("create", "namespace", "elsewhere");
        var asOperator = new Kubectl(Path.Combine(_directory, "operator.kubeconfig"), Path.Combine(_directory, "operator-kubectl-cache"));

        await _kubectl.SucceedAsync("apply", "-n", "streams", "-f", Repository.Path("examples", "livestream-rtmp.yaml"));
        await Eventually.MatchAsync(() => PhaseAsync("streams"), phase => phase == "Running", Timeout, "the stream runs");
        var uid = await _kubectl.SucceedAsync("get", "livestream", "workshop-a", "-n", "streams", "-o", "jsonpath={.metadata.uid}");
        var binding = JsonNode.Parse(await _kubectl.SucceedAsync("get", "rolebinding", AirwaveChart.ReleaseName, "-n", "streams", "-o", "json"))!;
        var inStreams = await asOperator.RunWithInputAsync(OwnedSecret("streams", uid), "create", "-f", "-");
        var elsewhere = await asOperator.RunWithInputAsync(OwnedSecret("elsewhere", uid), "create", "-f", "-");

        await _kubectl.SucceedAsync("delete", "-n", "streams", "livestream", "workshop-a", "--wait=false");
        await Eventually.MatchAsync(
            () => _kubectl.RunAsync(["get", "rolebinding", AirwaveChart.ReleaseName, "-n", "streams"]),
            result => result.StandardError.Contains("NotFound", StringComparison.Ordinal),
            Timeout,
            "the binding goes with the namespace's last stream");
        var afterwards = await asOperator.RunWithInputAsync(OwnedSecret("streams", uid), "create", "-f", "-");

        Assert.Equal($"{AirwaveChart.ReleaseName}-namespace", (string?)binding["roleRef"]!["name"]);
        Assert.Equal("ClusterRole", (string?)binding["roleRef"]!["kind"]);
        var subject = binding["subjects"]!.AsArray().Single()!;
        Assert.Equal(("ServiceAccount", AirwaveChart.ReleaseName, AirwaveChart.ReleaseNamespace), ((string?)subject["kind"], (string?)subject["name"], (string?)subject["namespace"]));
        Assert.True(inStreams.ExitCode == 0, inStreams.ToString());
        Assert.NotEqual(0, elsewhere.ExitCode);
        Assert.Contains("cannot create resource \"secrets\" in API group \"\" in the namespace \"elsewhere\"", elsewhere.StandardError, StringComparison.Ordinal);
        Assert.NotEqual(0, afterwards.ExitCode);
        Assert.Contains("cannot create resource \"secrets\" in API group \"\" in the namespace \"streams\"", afterwards.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_waits_for_its_namespace_to_be_opened_to_the_operator_saying_who_opens_it()
    {
        await InstallChartAsRunningOperatorAsync(manifests => manifests, startNamespaceAccess: false);
        await _kubectl.SucceedAsync("create", "namespace", "streams");

        await _kubectl.SucceedAsync("apply", "-n", "streams", "-f", Repository.Path("examples", "livestream-rtmp.yaml"));
        var waiting = JsonNode.Parse(await Eventually.MatchAsync(
            () => _kubectl.SucceedAsync("get", "livestream", "workshop-a", "-n", "streams", "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")]}"),
            ready => ready.Length > 0,
            Timeout,
            "the Ready condition says what the stream waits for"))!;
        var madeInAws = !_sandbox.Aws!.Inventory.IsEmpty;
        StartNamespaceAccess();
        await Eventually.MatchAsync(() => PhaseAsync("streams"), phase => phase == "Running", Timeout, "the stream runs once the namespace is opened");

        Assert.Equal(("False", "NamespaceAccessPending"), ((string?)waiting["status"], (string?)waiting["reason"]));
        Assert.Contains("airwave/airwave-namespace-access grants it while the namespace holds a LiveStream, VideoAsset or ArchiveSplit", (string?)waiting["message"], StringComparison.Ordinal);
        Assert.False(madeInAws, "nothing is made in AWS while the operator may not write in the namespace");
    }

    /// <summary>An Opaque Secret that names the stream as its controller, as the operator's own Secrets do.</summary>
    private static string OwnedSecret(string @namespace, string streamUid) => $$"""
        apiVersion: v1
        kind: Secret
        metadata:
          name: written-by-the-operator
          namespace: {{@namespace}}
          ownerReferences:
            - apiVersion: media.airwave.dev/v1alpha1
              kind: LiveStream
              name: workshop-a
              uid: {{streamUid}}
              controller: true
        type: Opaque
        stringData:
          note: made with the operator's token
        """;

    [Fact]
    public async Task A_secret_of_the_ingest_name_the_stream_does_not_control_is_left_alone_and_nothing_is_made()
    {
        await InstallChartAsRunningOperatorAsync(manifests => manifests);
        await _kubectl.SucceedAsync("create", "namespace", "streams");
        await _kubectl.SucceedAsync("create", "secret", "generic", "-n", "streams", "workshop-a-ingest", "--from-literal=password=hunter2");

        await _kubectl.SucceedAsync("apply", "-n", "streams", "-f", Repository.Path("examples", "livestream-rtmp.yaml"));
        await Eventually.MatchAsync(() => PhaseAsync("streams"), phase => phase == "Failed", Timeout, "the stream fails on the taken name");
        var ready = JsonNode.Parse(await _kubectl.SucceedAsync("get", "livestream", "workshop-a", "-n", "streams", "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")]}"))!;
        var secret = JsonNode.Parse(await _kubectl.SucceedAsync("get", "secret", "workshop-a-ingest", "-n", "streams", "-o", "json"))!;
        var madeInAws = _sandbox.Aws!.Inventory.IsEmpty;
        await _kubectl.SucceedAsync("delete", "secret", "workshop-a-ingest", "-n", "streams");
        await Eventually.MatchAsync(() => PhaseAsync("streams"), phase => phase == "Running", Timeout, "the stream runs once the name is free");

        Assert.Equal("SecretConflict", (string?)ready["reason"]);
        Assert.Contains("Secret workshop-a-ingest already exists and is not controlled by this LiveStream", (string?)ready["message"], StringComparison.Ordinal);
        Assert.Contains("delete or rename that Secret", (string?)ready["message"], StringComparison.Ordinal);
        Assert.Equal(["password"], secret["data"]!.AsObject().Select(p => p.Key));
        Assert.Equal("hunter2", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String((string)secret["data"]!["password"]!)));
        Assert.Null(secret["metadata"]!["ownerReferences"]);
        Assert.True(madeInAws, "nothing is made in AWS while the Secret's name is taken");
    }

    [Fact]
    public async Task Without_create_on_secrets_the_stream_reports_the_forbidden_call_and_creates_nothing_in_aws()
    {
        await InstallChartAsRunningOperatorAsync(manifests => WithoutVerb(manifests, "ClusterRole", $"{AirwaveChart.ReleaseName}-namespace", "secrets", "create"));

        await _kubectl.SucceedAsync("create", "namespace", "streams");
        await _kubectl.SucceedAsync("apply", "-n", "streams", "-f", Repository.Path("examples", "livestream-rtmp.yaml"));
        await AssertForbiddenSecretCreateAsync();
    }

    [Fact]
    public async Task With_watch_namespaces_the_operator_runs_streams_there_on_its_roles_and_leaves_other_namespaces_alone()
    {
        await _kubectl.SucceedAsync("create", "namespace", "streams");
        await _kubectl.SucceedAsync("create", "namespace", "elsewhere");
        await InstallChartAsRunningOperatorAsync(manifests => manifests, "watchNamespaces: [streams]\n");

        await _kubectl.SucceedAsync("apply", "-n", "elsewhere", "-f", Repository.Path("examples", "livestream-rtmp.yaml"));
        await _kubectl.SucceedAsync("apply", "-n", "streams", "-f", Repository.Path("examples", "livestream-rtmp.yaml"));
        await Eventually.MatchAsync(() => PhaseAsync("streams"), phase => phase == "Running", Timeout, "the stream in a watched namespace runs");
        Assert.Equal("", await PhaseAsync("elsewhere"));
        Assert.Equal("", await _kubectl.SucceedAsync("get", "livestream", "workshop-a", "-n", "elsewhere", "-o", "jsonpath={.metadata.finalizers}"));

        await _kubectl.SucceedAsync("delete", "-n", "streams", "livestream", "workshop-a", "--wait=false");
        await Eventually.MatchAsync(() => _kubectl.SucceedAsync("get", "livestreams", "-n", "streams", "-o", "name"), names => names.Trim().Length == 0, Timeout, "the stream is deleted");
        Assert.True(_sandbox.Aws!.Inventory.IsEmpty, "every AWS resource of the stream is deleted");
    }

    [Fact]
    public async Task With_watch_namespaces_a_role_without_create_on_secrets_fails_the_stream_with_the_forbidden_call()
    {
        await _kubectl.SucceedAsync("create", "namespace", "streams");
        await InstallChartAsRunningOperatorAsync(manifests => WithoutVerb(manifests, "Role", AirwaveChart.ReleaseName, "secrets", "create"), "watchNamespaces: [streams]\n");

        await _kubectl.SucceedAsync("apply", "-n", "streams", "-f", Repository.Path("examples", "livestream-rtmp.yaml"));
        await AssertForbiddenSecretCreateAsync();
    }

    private async Task AssertForbiddenSecretCreateAsync()
    {
        // Until the namespace-access controller has bound the operator's role in the namespace, the stream waits for
        // that (reason NamespaceAccessPending); what follows is the refused create.
        var condition = await Eventually.MatchAsync(
            () => _kubectl.SucceedAsync("get", "livestream", "workshop-a", "-n", "streams", "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].reason} {.status.conditions[?(@.type==\"Ready\")].message}"),
            c => c.Trim().Length > 0 && !c.StartsWith(NamespaceWriteAccess.PendingReason, StringComparison.Ordinal),
            Timeout,
            "the Ready condition explains the failure");
        var message = condition[(condition.IndexOf(' ', StringComparison.Ordinal) + 1)..];
        Assert.Contains("cannot create resource \"secrets\"", message, StringComparison.Ordinal);
        Assert.NotEqual("Running", await PhaseAsync("streams"));
        Assert.True(_sandbox.Aws!.Inventory.IsEmpty, "nothing is created in AWS before the ingest Secret exists");
    }

    /// <summary>
    /// Renders the chart, applies it with kubectl, then starts its namespace-access controller (unless told not to)
    /// and restarts the operator, each with its ServiceAccount's token and the rendered settings.
    /// </summary>
    private async Task InstallChartAsRunningOperatorAsync(Func<IReadOnlyList<JsonNode>, IReadOnlyList<JsonNode>> edit, string values = "", bool startNamespaceAccess = true)
    {
        var rendered = await renderer.RunAsync(values.Length == 0 ? [] : [renderer.WriteValues(values)]);
        Assert.True(rendered.ExitCode == 0, rendered.ToString());
        var manifests = edit(YamlReader.ReadDocuments(rendered.StandardOutput));
        var file = Path.Combine(_directory, "chart.yaml");
        await File.WriteAllTextAsync(file, YamlWriter.WriteDocuments(manifests));

        await _kubectl.SucceedAsync("create", "namespace", AirwaveChart.ReleaseNamespace);
        await _kubectl.SucceedAsync("apply", "-f", file);
        var serviceAccount = Named(manifests, "ServiceAccount", AirwaveChart.ReleaseName)["metadata"]!["name"]!.GetValue<string>();
        var kubeconfig = _sandbox.Kubernetes.WriteServiceAccountKubeconfig(Path.Combine(_directory, "operator.kubeconfig"), AirwaveChart.ReleaseNamespace, serviceAccount);
        _manifests = manifests;
        if (startNamespaceAccess)
        {
            StartNamespaceAccess();
        }

        var config = JsonNode.Parse((string)manifests.Single(m => (string?)m["kind"] == "ConfigMap")["data"]!["config.json"]!)!;
        var watched = config["Operator"]!["WatchNamespaces"]?.AsArray().Select(n => (string)n!).ToList() ?? [];
        await _sandbox.RestartOperatorAsync(CancellationToken.None, new OperatorIdentity(kubeconfig, AirwaveChart.ReleaseNamespace, watched, (string?)config["Operator"]!["NamespaceAccessController"]));
    }

    private void StartNamespaceAccess() =>
        _namespaceAccess = NamespaceAccessProcess.Start(_manifests, account => _sandbox.Kubernetes.WriteServiceAccountKubeconfig(Path.Combine(_directory, $"{account}.kubeconfig"), AirwaveChart.ReleaseNamespace, account));

    private static JsonNode Named(IReadOnlyList<JsonNode> manifests, string kind, string name) =>
        manifests.Single(m => m["kind"]!.GetValue<string>() == kind && (string?)m["metadata"]!["name"] == name);

    private static IReadOnlyList<JsonNode> WithoutVerb(IReadOnlyList<JsonNode> manifests, string kind, string name, string resource, string verb)
    {
        var role = Named(manifests, kind, name);
        var rule = role["rules"]!.AsArray().Single(r => r!["resources"]!.AsArray().Any(x => x!.GetValue<string>() == resource))!;
        var verbs = rule["verbs"]!.AsArray();
        verbs.Remove(verbs.Single(v => v!.GetValue<string>() == verb));
        return manifests;
    }

    private async Task<string> PhaseAsync(string @namespace) =>
        await _kubectl.SucceedAsync("get", "livestream", "workshop-a", "-n", @namespace, "-o", "jsonpath={.status.phase}");

    public async Task DisposeAsync()
    {
        if (_namespaceAccess is not null)
        {
            await _namespaceAccess.DisposeAsync();
        }

        await _sandbox.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
