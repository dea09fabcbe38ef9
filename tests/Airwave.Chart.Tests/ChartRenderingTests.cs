using System.Text.Json.Nodes;
using Airwave.Chart.Tests.Rendering;

namespace Airwave.Chart.Tests;

[Collection(SharedChartRenderer.Name)]
public sealed class ChartRenderingTests(ChartRenderer renderer)
{
    [Fact]
    public async Task Default_values_render_the_operator_and_its_permissions_without_optional_objects()
    {
        var chart = await renderer.RenderMinimalAsync();

        Assert.Equal(
            ["ClusterRole", "ClusterRole", "ClusterRole", "ClusterRoleBinding", "ClusterRoleBinding", "ConfigMap", "Deployment", "Deployment", "PodDisruptionBudget", "Role", "Role", "RoleBinding", "RoleBinding", "Service", "ServiceAccount", "ServiceAccount", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "ValidatingAdmissionPolicyBinding"],
            chart.Kinds.Order());
        Assert.All(
            chart.Documents.Where(d => d.Kind is not ("ClusterRole" or "ClusterRoleBinding" or "ValidatingAdmissionPolicy" or "ValidatingAdmissionPolicyBinding")),
            d => Assert.Equal(AirwaveChart.ReleaseNamespace, (string?)d.Manifest["metadata"]!["namespace"]));
        Assert.All(chart.Documents, d => Assert.Equal("Helm", (string?)d.Manifest["metadata"]!["labels"]!["app.kubernetes.io/managed-by"]));
    }

    [Fact]
    public async Task The_operators_admission_policy_binds_its_service_account_and_can_be_left_out()
    {
        var chart = await renderer.RenderMinimalAsync();
        var without = await renderer.RenderAsync([renderer.WriteValues("rbac:\n  admissionPolicy: false\n")]);

        var policy = chart.Named("ValidatingAdmissionPolicy", AirwaveChart.ReleaseName + "-operator-writes");
        Assert.Equal("Fail", (string?)policy["spec"]!["failurePolicy"]);
        Assert.Equal("request.userInfo.username == \"system:serviceaccount:airwave:airwave\"", (string?)policy["spec"]!["matchConditions"]![0]!["expression"]);
        Assert.Equal((string?)policy["metadata"]!["name"], (string?)chart.Named("ValidatingAdmissionPolicyBinding", AirwaveChart.ReleaseName + "-operator-writes")["spec"]!["policyName"]);
        Assert.Equal(["Deny"], chart.Named("ValidatingAdmissionPolicyBinding", AirwaveChart.ReleaseName + "-operator-writes")["spec"]!["validationActions"]!.AsArray().Select(a => (string?)a));
        Assert.False(without.Has("ValidatingAdmissionPolicy"));
        Assert.False(without.Has("ValidatingAdmissionPolicyBinding"));
    }

    [Fact]
    public async Task The_deployment_runs_two_leader_electing_replicas_locked_down_with_probes_on_the_http_port()
    {
        var deployment = (await renderer.RenderMinimalAsync()).Operator("Deployment");
        var pod = deployment["spec"]!["template"]!["spec"]!;
        var container = pod["containers"]!.AsArray().Single()!;

        Assert.Equal(2, (long)deployment["spec"]!["replicas"]!);
        Assert.Equal("airwave/operator:0.1.0", (string?)container["image"]);
        Assert.Equal(["/app/airwave-operator"], container["command"]!.AsArray().Select(a => (string?)a));
        Assert.Equal(["run", "--config", "/etc/airwave/config.json", "--urls", "http://0.0.0.0:8080"], container["args"]!.AsArray().Select(a => (string?)a));
        Assert.Equal("/etc/airwave", (string?)container["volumeMounts"]!.AsArray().Single(m => (string?)m!["name"] == "config")!["mountPath"]);

        var port = container["ports"]!.AsArray().Single()!;
        Assert.Equal(("http", 8080), ((string?)port["name"], (long)port["containerPort"]!));
        Assert.Equal(("/healthz", "http"), ((string?)container["livenessProbe"]!["httpGet"]!["path"], (string?)container["livenessProbe"]!["httpGet"]!["port"]));
        Assert.Equal(("/readyz", "http"), ((string?)container["readinessProbe"]!["httpGet"]!["path"], (string?)container["readinessProbe"]!["httpGet"]!["port"]));

        var env = container["env"]!.AsArray();
        Assert.Equal("metadata.name", (string?)env.Single(e => (string?)e!["name"] == "POD_NAME")!["valueFrom"]!["fieldRef"]!["fieldPath"]);
        Assert.Equal("metadata.namespace", (string?)env.Single(e => (string?)e!["name"] == "POD_NAMESPACE")!["valueFrom"]!["fieldRef"]!["fieldPath"]);
        Assert.Equal("false", (string?)env.Single(e => (string?)e!["name"] == "DOWNSTREAM_SERVICE_ENABLED")!["value"]);
        Assert.DoesNotContain(env, e => ((string?)e!["name"])!.StartsWith("OTEL_", StringComparison.Ordinal));

        var security = container["securityContext"]!;
        Assert.True((bool)security["runAsNonRoot"]!);
        Assert.Equal(1654, (long)security["runAsUser"]!);
        Assert.True((bool)security["readOnlyRootFilesystem"]!);
        Assert.False((bool)security["allowPrivilegeEscalation"]!);
        Assert.Equal(["ALL"], security["capabilities"]!["drop"]!.AsArray().Select(c => (string?)c));
        Assert.Equal("RuntimeDefault", (string?)pod["securityContext"]!["seccompProfile"]!["type"]);
        Assert.NotNull(container["resources"]!["requests"]!["memory"]);

        var spread = pod["topologySpreadConstraints"]!.AsArray().Single()!;
        Assert.Equal("kubernetes.io/hostname", (string?)spread["topologyKey"]);
        Assert.True(JsonNode.DeepEquals(deployment["spec"]!["selector"]!["matchLabels"], spread["labelSelector"]!["matchLabels"]));
        Assert.Equal("airwave", (string?)pod["serviceAccountName"]);
    }

    [Fact]
    public async Task The_metrics_service_and_the_disruption_budget_select_the_operator_pods()
    {
        var chart = await renderer.RenderMinimalAsync();
        var podLabels = chart.Operator("Deployment")["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
        var service = chart.One("Service");
        var budget = chart.One("PodDisruptionBudget");

        var port = service["spec"]!["ports"]!.AsArray().Single()!;
        Assert.Equal(("http", 8080, "http"), ((string?)port["name"], (long)port["port"]!, (string?)port["targetPort"]));
        Assert.All(service["spec"]!["selector"]!.AsObject(), l => Assert.Equal((string?)l.Value, (string?)podLabels[l.Key]));
        Assert.Equal(1, (long)budget["spec"]!["minAvailable"]!);
        Assert.All(budget["spec"]!["selector"]!["matchLabels"]!.AsObject(), l => Assert.Equal((string?)l.Value, (string?)podLabels[l.Key]));
    }

    [Fact]
    public async Task Every_option_renders_the_service_monitor_network_policy_IRSA_annotation_downstream_and_trace_settings()
    {
        var chart = await renderer.RenderEveryOptionAsync();

        Assert.Equal(
            ["ClusterRole", "ClusterRole", "ClusterRole", "ClusterRoleBinding", "ClusterRoleBinding", "ConfigMap", "Deployment", "Deployment", "NetworkPolicy", "NetworkPolicy", "PodDisruptionBudget", "Role", "Role", "RoleBinding", "RoleBinding", "Service", "ServiceAccount", "ServiceAccount", "ServiceMonitor", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "ValidatingAdmissionPolicyBinding"],
            chart.Kinds.Order());
        Assert.Equal("arn:aws:iam::123456789012:role/airwave-operator", (string?)chart.Operator("ServiceAccount")["metadata"]!["annotations"]!["eks.amazonaws.com/role-arn"]);

        var monitor = chart.One("ServiceMonitor");
        Assert.Equal("monitoring.coreos.com/v1", (string?)monitor["apiVersion"]);
        var endpoint = monitor["spec"]!["endpoints"]!.AsArray().Single()!;
        Assert.Equal(("http", "/metrics", "15s", true), ((string?)endpoint["port"], (string?)endpoint["path"], (string?)endpoint["interval"], (bool?)endpoint["honorLabels"]));
        Assert.Equal("prometheus", (string?)monitor["metadata"]!["labels"]!["release"]);

        // The operator's pods and the namespace-access controller's: only their probe and metrics port, from monitoring.
        var policies = chart.Documents.Where(d => d.Kind == "NetworkPolicy").Select(d => d.Manifest).ToList();
        Assert.Equal(["namespace-access", "operator"], policies.Select(p => (string?)p["spec"]!["podSelector"]!["matchLabels"]!["app.kubernetes.io/component"]).Order(StringComparer.Ordinal));
        Assert.All(policies, policy =>
        {
            var ingress = policy["spec"]!["ingress"]!.AsArray().Single()!;
            Assert.Equal("http", (string?)ingress["ports"]![0]!["port"]);
            Assert.Equal("monitoring", (string?)ingress["from"]![0]!["namespaceSelector"]!["matchLabels"]!["kubernetes.io/metadata.name"]);
        });

        var deployment = chart.Operator("Deployment");
        var pod = deployment["spec"]!["template"]!["spec"]!;
        var container = pod["containers"]![0]!;
        Assert.Equal(3, (long)deployment["spec"]!["replicas"]!);
        Assert.Equal("registry.example.com/airwave/operator:1.2.3", (string?)container["image"]);
        Assert.Equal(["kubernetes.io/hostname", "topology.kubernetes.io/zone"], pod["topologySpreadConstraints"]!.AsArray().Select(c => (string?)c!["topologyKey"]));
        Assert.Equal("registry-credentials", (string?)pod["imagePullSecrets"]![0]!["name"]);

        var env = container["env"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => e!);
        Assert.Equal("true", (string?)env["DOWNSTREAM_SERVICE_ENABLED"]["value"]);
        Assert.Equal("https://events.example.com/ingest", (string?)env["DOWNSTREAM_SERVICE_URL"]["value"]);
        Assert.Equal(("downstream-credentials", "bearer"), ((string?)env["DOWNSTREAM_SERVICE_TOKEN"]["valueFrom"]!["secretKeyRef"]!["name"], (string?)env["DOWNSTREAM_SERVICE_TOKEN"]["valueFrom"]!["secretKeyRef"]!["key"]));
        Assert.Null(env["DOWNSTREAM_SERVICE_TOKEN"]["value"]);
        Assert.Equal("20s", (string?)env["DOWNSTREAM_SERVICE_TIMEOUT"]["value"]);
        Assert.Equal("5", (string?)env["DOWNSTREAM_SERVICE_RETRY_ATTEMPTS"]["value"]);
        Assert.Equal("250", (string?)env["DOWNSTREAM_SERVICE_BATCH_SIZE"]["value"]);
        Assert.Equal("true", (string?)env["DOWNSTREAM_SERVICE_ENABLE_ANALYTICS"]["value"]);
        Assert.Equal("true", (string?)env["DOWNSTREAM_SERVICE_ENABLE_EVENTS"]["value"]);
        Assert.Equal(("http://otel-collector.observability:4318", "http/protobuf"), ((string?)env["OTEL_EXPORTER_OTLP_ENDPOINT"]["value"], (string?)env["OTEL_EXPORTER_OTLP_PROTOCOL"]["value"]));
        foreach (var (secret, variable) in new[] { ("mux-credentials", "MUX_TOKEN_ID"), ("mux-credentials", "MUX_TOKEN_SECRET"), ("mux-signing-key", "VIDEO_SIGNING_KEY"), ("mux-signing-key", "VIDEO_PRIVATE_KEY") })
        {
            Assert.Equal((secret, variable), ((string?)env[variable]["valueFrom"]!["secretKeyRef"]!["name"], (string?)env[variable]["valueFrom"]!["secretKeyRef"]!["key"]));
        }
    }

    [Fact]
    public async Task The_trace_endpoint_reaches_the_operator_the_webhook_and_the_signaling_service_and_none_without_it()
    {
        const string Services = "webhook:\n  enabled: true\nsignaling:\n  enabled: true\n";
        var traced = await renderer.RenderAsync([renderer.WriteValues(Services + "otel:\n  endpoint: http://otel-collector.observability:4318\n  protocol: http/protobuf\n")]);
        var untraced = await renderer.RenderAsync([renderer.WriteValues(Services)]);

        string[] components = ["operator", "webhook", "signaling"];
        Assert.All(components, component =>
        {
            var env = Env(traced, component);
            Assert.Equal(("http://otel-collector.observability:4318", "http/protobuf"), ((string?)env["OTEL_EXPORTER_OTLP_ENDPOINT"]["value"], (string?)env["OTEL_EXPORTER_OTLP_PROTOCOL"]["value"]));
            Assert.DoesNotContain(Env(untraced, component).Keys, name => name.StartsWith("OTEL_", StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task Downstream_defaults_are_ten_seconds_three_attempts_and_batches_of_one_hundred()
    {
        var values = renderer.WriteValues("downstream:\n  enabled: true\n  url: https://events.example.com\n");
        var container = (await renderer.RenderAsync([values])).Operator("Deployment")["spec"]!["template"]!["spec"]!["containers"]![0]!;
        var env = container["env"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => (string?)e!["value"]);

        Assert.Equal(("10s", "3", "100"), (env["DOWNSTREAM_SERVICE_TIMEOUT"], env["DOWNSTREAM_SERVICE_RETRY_ATTEMPTS"], env["DOWNSTREAM_SERVICE_BATCH_SIZE"]));
        Assert.DoesNotContain("DOWNSTREAM_SERVICE_TOKEN", env.Keys);
    }

    [Fact]
    public async Task An_enabled_downstream_sink_without_a_url_fails_with_a_message_naming_the_value()
    {
        var values = renderer.WriteValues("downstream:\n  enabled: true\n");

        var result = await renderer.RunAsync([values]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("downstream.url is required", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("config:\n  livePlaybackBaseUrl: http://live.example.com\n", "config.livePlaybackBaseUrl is http://live.example.com")]
    [InlineData("webhook:\n  publicUrl: http://hooks.example.com\n", "webhook.publicUrl is http://hooks.example.com")]
    [InlineData("signaling:\n  enabled: true\n  publicUrl: http://live.example.com\n", "signaling.publicUrl is http://live.example.com")]
    public async Task A_public_url_over_http_stops_the_install_unless_http_is_allowed(string values, string named)
    {
        var refused = await renderer.RunAsync([renderer.WriteValues(values)]);
        var allowed = await renderer.RunAsync([renderer.WriteValues(values + "allowHttpPublicUrls: true\n")]);

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains($"{named}: public URLs must be https, since playback tokens, stream keys and signed links travel over them; set allowHttpPublicUrls: true", refused.StandardError, StringComparison.Ordinal);
        Assert.True(allowed.ExitCode == 0, allowed.ToString());
    }

    [Fact]
    public async Task A_changed_configuration_changes_the_pod_template_so_the_pods_roll()
    {
        var before = (await renderer.RenderMinimalAsync()).Operator("Deployment");
        var after = (await renderer.RenderAsync([renderer.WriteValues("config:\n  logLevel: Debug\n")])).Operator("Deployment");

        Assert.NotEqual(
            (string?)before["spec"]!["template"]!["metadata"]!["annotations"]!["checksum/config"],
            (string?)after["spec"]!["template"]!["metadata"]!["annotations"]!["checksum/config"]);
    }

    [Fact]
    public async Task The_notes_tell_how_to_reach_the_metrics_and_what_the_install_cannot_do_yet()
    {
        var minimal = await renderer.RunAsync([], "--notes");
        var configured = await renderer.RunAsync([AirwaveChart.ValuesFile("every-option.yaml")], "--notes");

        Assert.True(minimal.ExitCode == 0, minimal.ToString());
        Assert.Contains("port-forward service/airwave-metrics 8080:http", minimal.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("config.speke is not set", minimal.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("config.liveDistributionId is not set", minimal.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("\"encryption\":{\"enabled\":false}", minimal.StandardOutput, StringComparison.Ordinal);
        Assert.True(configured.ExitCode == 0, configured.ToString());
        Assert.Contains("Lease airwave-leases/airwave-prod", configured.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("NOTE:", configured.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("encryption", configured.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_required_values_the_install_stops_naming_each_one()
    {
        var bare = await renderer.RunChartAsync(AirwaveChart.Directory, ["--name", AirwaveChart.ReleaseName, "--namespace", AirwaveChart.ReleaseNamespace]);
        var withRole = await renderer.RunChartAsync(
            AirwaveChart.Directory,
            ["--name", AirwaveChart.ReleaseName, "--namespace", AirwaveChart.ReleaseNamespace, "-f", renderer.WriteValues("config:\n  mediaLiveRoleArn: arn:aws:iam::123456789012:role/x\n")]);

        Assert.NotEqual(0, bare.ExitCode);
        Assert.Contains("config.mediaLiveRoleArn is required", bare.StandardError, StringComparison.Ordinal);
        Assert.NotEqual(0, withRole.ExitCode);
        Assert.Contains("config.archiveBucket is required: the S3 bucket sessions are recorded to", withRole.StandardError, StringComparison.Ordinal);
    }

    /// <summary>The environment of the first container of the Deployment of <paramref name="component"/>.</summary>
    private static Dictionary<string, JsonNode> Env(RenderedChart chart, string component) =>
        chart.Documents
            .Single(d => d.Kind == "Deployment" && (string?)d.Manifest["metadata"]!["labels"]?["app.kubernetes.io/component"] == component)
            .Manifest["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.AsArray()
            .ToDictionary(e => (string)e!["name"]!, e => e!);
}
