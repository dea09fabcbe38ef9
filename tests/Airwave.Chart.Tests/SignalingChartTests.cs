using System.Text.Json.Nodes;
using Airwave.Chart.Tests.Rendering;

namespace Airwave.Chart.Tests;

/// <summary>The signaling service as the chart deploys it: its database, its Secrets, its probes and only its public port exposed.</summary>
[Collection(SharedChartRenderer.Name)]
public sealed class SignalingChartTests(ChartRenderer renderer)
{
    [Fact]
    public async Task The_signaling_service_is_off_by_default()
    {
        var chart = await renderer.RenderMinimalAsync();

        Assert.DoesNotContain(chart.Documents, d => d.Name.EndsWith("-signaling", StringComparison.Ordinal));
    }

    [Fact]
    public async Task On_by_itself_it_is_one_replica_on_sqlite_kept_on_a_claim_that_outlives_the_release()
    {
        var chart = await renderer.RenderAsync([renderer.WriteValues("signaling:\n  enabled: true\n")]);

        var deployment = Named(chart, "Deployment", "airwave-signaling");
        Assert.Equal(1, (long?)deployment["spec"]!["replicas"]);
        Assert.Equal("Recreate", (string?)deployment["spec"]!["strategy"]!["type"]);
        var pod = deployment["spec"]!["template"]!["spec"]!;
        var container = pod["containers"]![0]!;
        var env = Env(container);
        Assert.Equal("Sqlite", (string?)env["AIRWAVE_Signaling__Database__Provider"]["value"]);
        Assert.Equal("Data Source=/var/lib/airwave-signaling/signaling.db", (string?)env["AIRWAVE_Signaling__Database__ConnectionString"]["value"]);
        Assert.False(env.ContainsKey("SIGNALING_ADMIN_TOKEN"));
        Assert.Equal("/var/lib/airwave-signaling", (string?)container["volumeMounts"]!.AsArray().Single(m => (string?)m!["name"] == "data")!["mountPath"]);
        Assert.Equal("airwave-signaling", (string?)pod["volumes"]!.AsArray().Single(v => (string?)v!["name"] == "data")!["persistentVolumeClaim"]!["claimName"]);
        Assert.False((bool)pod["automountServiceAccountToken"]!);
        Assert.Equal(1654, (long?)pod["securityContext"]!["fsGroup"]);
        var claim = Named(chart, "PersistentVolumeClaim", "airwave-signaling");
        Assert.Equal("keep", (string?)claim["metadata"]!["annotations"]!["helm.sh/resource-policy"]);
        Assert.Equal("1Gi", (string?)claim["spec"]!["resources"]!["requests"]!["storage"]);
    }

    [Fact]
    public async Task More_than_one_replica_on_sqlite_or_postgresql_without_its_secret_fails_naming_the_value()
    {
        var replicas = await renderer.RunAsync([renderer.WriteValues("signaling:\n  enabled: true\n  replicaCount: 2\n")]);
        var postgres = await renderer.RunAsync([renderer.WriteValues("signaling:\n  enabled: true\n  database:\n    provider: PostgreSql\n")]);

        Assert.NotEqual(0, replicas.ExitCode);
        Assert.Contains("signaling.replicaCount above 1 needs signaling.database.provider PostgreSql", replicas.ToString(), StringComparison.Ordinal);
        Assert.NotEqual(0, postgres.ExitCode);
        Assert.Contains("signaling.database.connectionStringSecret.name is required", postgres.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_postgresql_it_runs_replicas_with_its_secrets_from_secrets_and_ice_servers_from_values()
    {
        var chart = await renderer.RenderAsync([AirwaveChart.ValuesFile("signaling.yaml")]);

        Assert.DoesNotContain(chart.Documents, d => d.Kind == "PersistentVolumeClaim" && d.Name == "airwave-signaling");
        var deployment = Named(chart, "Deployment", "airwave-signaling");
        Assert.Equal(3, (long?)deployment["spec"]!["replicas"]);
        Assert.Null(deployment["spec"]!["strategy"]);
        var pod = deployment["spec"]!["template"]!["spec"]!;
        var container = pod["containers"]![0]!;
        var env = Env(container);
        Assert.Equal(("signaling-db", "connectionString"), SecretRef(env["AIRWAVE_Signaling__Database__ConnectionString"]));
        Assert.Equal(("signaling-admin", "token"), SecretRef(env["SIGNALING_ADMIN_TOKEN"]));
        Assert.Equal(("signaling-turn", "secret"), SecretRef(env["SIGNALING_TURN_SECRET"]));
        Assert.Equal("/etc/airwave-signaling/sites/sites.json", (string?)env["AIRWAVE_Signaling__SitesFile"]["value"]);
        Assert.Equal("signaling-sites", (string?)pod["volumes"]!.AsArray().Single(v => (string?)v!["name"] == "sites")!["secret"]!["secretName"]);
        Assert.Equal("stun:stun.example.net:3478", (string?)env["AIRWAVE_Signaling__Ice__StunUrls__0"]["value"]);
        Assert.Equal("turns:turn.example.net:5349", (string?)env["AIRWAVE_Signaling__Ice__TurnUrls__1"]["value"]);
        // WHIP requests reach the SFU pods' API port through their Service's name.
        Assert.Equal("{service}.{namespace}.svc.cluster.local", (string?)env["AIRWAVE_Signaling__Sfu__PodsHost"]["value"]);
        Assert.Equal("8088", (string?)env["AIRWAVE_Signaling__Sfu__ApiPort"]["value"]);
        Assert.Equal(["public:8080", "management:9090"], container["ports"]!.AsArray().Select(p => $"{(string?)p!["name"]}:{(long)p["containerPort"]!}"));
        Assert.Equal(("/readyz", "management"), ((string?)container["readinessProbe"]!["httpGet"]!["path"], (string?)container["readinessProbe"]!["httpGet"]!["port"]));
        Assert.Equal(("/healthz", "management"), ((string?)container["livenessProbe"]!["httpGet"]!["path"], (string?)container["livenessProbe"]!["httpGet"]!["port"]));
        Assert.True((bool)container["securityContext"]!["readOnlyRootFilesystem"]!);
        Assert.DoesNotContain("Password", deployment.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Its_service_exposes_the_public_port_alone()
    {
        var chart = await renderer.RenderAsync([AirwaveChart.ValuesFile("signaling.yaml")]);

        var service = Named(chart, "Service", "airwave-signaling");
        var port = Assert.Single(service["spec"]!["ports"]!.AsArray())!;
        Assert.Equal(("public", "public", 80L), ((string?)port["name"], (string?)port["targetPort"], (long?)port["port"]));
        Assert.Equal("signaling", (string?)service["spec"]!["selector"]!["app.kubernetes.io/component"]);
        Assert.Equal("live.example.net", (string?)service["metadata"]!["annotations"]!["example.com/host"]);
    }

    [Fact]
    public async Task Its_broadcast_events_go_to_the_operators_receiver_signed_with_the_operators_secret_unless_told()
    {
        const string Downstream = "downstream:\n  enabled: true\n  url: https://events.example.net/airwave\n  tokenSecret:\n    name: receiver-token\n  enableAnalytics: true\n";
        var shared = await renderer.RenderAsync([renderer.WriteValues(Downstream + "signaling:\n  enabled: true\n")]);
        var own = await renderer.RenderAsync([renderer.WriteValues(Downstream + "signaling:\n  enabled: true\n  events:\n    signingSecret:\n      name: signaling-signing\n      key: whsec\n")]);
        var off = await renderer.RenderAsync([renderer.WriteValues(Downstream + "signaling:\n  enabled: true\n  events:\n    enabled: false\n")]);
        var noDownstream = await renderer.RenderAsync([renderer.WriteValues("signaling:\n  enabled: true\n")]);

        var env = Env(Named(shared, "Deployment", "airwave-signaling")["spec"]!["template"]!["spec"]!["containers"]![0]!);
        Assert.Equal("true", (string?)env["DOWNSTREAM_SERVICE_ENABLED"]["value"]);
        Assert.Equal("https://events.example.net/airwave", (string?)env["DOWNSTREAM_SERVICE_URL"]["value"]);
        Assert.Equal(("receiver-token", "token"), SecretRef(env["DOWNSTREAM_SERVICE_TOKEN"]));
        Assert.Equal("true", (string?)env["DOWNSTREAM_SERVICE_ENABLE_ANALYTICS"]["value"]);
        Assert.Equal(("airwave-downstream-signing", "signing-secret"), SecretRef(env["DOWNSTREAM_SERVICE_SIGNING_SECRET"]));
        var ownEnv = Env(Named(own, "Deployment", "airwave-signaling")["spec"]!["template"]!["spec"]!["containers"]![0]!);
        Assert.Equal(("signaling-signing", "whsec"), SecretRef(ownEnv["DOWNSTREAM_SERVICE_SIGNING_SECRET"]));
        foreach (var chart in new[] { off, noDownstream })
        {
            var container = Named(chart, "Deployment", "airwave-signaling")["spec"]!["template"]!["spec"]!["containers"]![0]!;
            Assert.DoesNotContain(Env(container).Keys, k => k.StartsWith("DOWNSTREAM_SERVICE_", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_operator_and_the_signaling_service_read_the_broadcast_key_from_the_same_secret()
    {
        var chart = await renderer.RenderAsync([renderer.WriteValues("signaling:\n  enabled: true\nsfu:\n  broadcastKeySecret:\n    name: airwave-broadcast\n")]);
        var without = await renderer.RenderAsync([renderer.WriteValues("signaling:\n  enabled: true\n")]);

        var signaling = Env(Named(chart, "Deployment", "airwave-signaling")["spec"]!["template"]!["spec"]!["containers"]![0]!);
        var operatorEnv = Env(Named(chart, "Deployment", "airwave")["spec"]!["template"]!["spec"]!["containers"]![0]!);
        Assert.Equal(("airwave-broadcast", "broadcastKey"), SecretRef(signaling["AIRWAVE_Signaling__Sfu__BroadcastKey"]));
        Assert.Equal(("airwave-broadcast", "broadcastKey"), SecretRef(operatorEnv["AIRWAVE_Operator__Sfu__BroadcastKey"]));
        Assert.DoesNotContain("AIRWAVE_Signaling__Sfu__BroadcastKey", Env(Named(without, "Deployment", "airwave-signaling")["spec"]!["template"]!["spec"]!["containers"]![0]!).Keys);
        Assert.DoesNotContain("AIRWAVE_Operator__Sfu__BroadcastKey", Env(Named(without, "Deployment", "airwave")["spec"]!["template"]!["spec"]!["containers"]![0]!).Keys);
    }

    [Fact]
    public async Task With_it_the_operator_lets_only_its_pods_call_the_sfu_pods_api()
    {
        var chart = await renderer.RenderAsync([renderer.WriteValues("signaling:\n  enabled: true\n")]);
        var without = await renderer.RenderMinimalAsync();

        var podLabels = Named(chart, "Deployment", "airwave-signaling")["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
        var callers = OperatorConfig(chart)["Sfu"]!["ApiCallers"]!;
        Assert.Equal(AirwaveChart.ReleaseNamespace, (string?)callers["Namespace"]);
        Assert.NotEmpty(callers["PodLabels"]!.AsObject());
        Assert.All(callers["PodLabels"]!.AsObject(), label => Assert.Equal((string?)label.Value, (string?)podLabels[label.Key]));
        Assert.Equal("signaling", (string?)callers["PodLabels"]!["app.kubernetes.io/component"]);
        Assert.Null(OperatorConfig(without)["Sfu"]!["ApiCallers"]);
    }

    private static JsonNode OperatorConfig(RenderedChart chart) =>
        JsonNode.Parse((string)Named(chart, "ConfigMap", "airwave")["data"]!["config.json"]!)!["Operator"]!;

    private static JsonObject Named(RenderedChart chart, string kind, string name) =>
        Assert.Single(chart.Documents, d => d.Kind == kind && d.Name == name).Manifest;

    private static Dictionary<string, JsonNode> Env(JsonNode container) =>
        container["env"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => e!);

    private static (string?, string?) SecretRef(JsonNode variable) =>
        ((string?)variable["valueFrom"]!["secretKeyRef"]!["name"], (string?)variable["valueFrom"]!["secretKeyRef"]!["key"]);
}
