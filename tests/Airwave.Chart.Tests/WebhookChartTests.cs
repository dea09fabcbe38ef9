using System.Text.Json.Nodes;
using Airwave.Chart.Tests.Rendering;

namespace Airwave.Chart.Tests;

/// <summary>The webhook service as the chart deploys it: its own identity with one right, and only its callback port exposed.</summary>
[Collection(SharedChartRenderer.Name)]
public sealed class WebhookChartTests(ChartRenderer renderer)
{
    [Fact]
    public async Task The_webhook_service_is_off_by_default()
    {
        var chart = await renderer.RenderMinimalAsync();

        Assert.DoesNotContain(chart.Documents, d => d.Name.EndsWith("-webhook", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Turned_on_without_its_signing_secret_or_admission_the_install_fails_naming_the_value()
    {
        var result = await renderer.RunAsync([renderer.WriteValues("webhook:\n  enabled: true\n  admission: { enabled: false }\n")]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("webhook.secretName is required when webhook.enabled is true and webhook.admission.enabled is false", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Its_stream_api_needs_the_upload_role_and_comes_with_its_settings_and_admission_policy()
    {
        var withoutRole = await renderer.RunAsync([AirwaveChart.ValuesFile("webhook.yaml"), renderer.WriteValues("webhook:\n  streamApi: { enabled: true }\n")]);
        var chart = await renderer.RenderAsync([
            AirwaveChart.ValuesFile("webhook.yaml"),
            renderer.WriteValues(Sandbox.WebhookStreamPolicyTests.StreamApiValues),
            renderer.WriteValues("webhook:\n  streamApi: { credentialSeconds: 900, startTimeoutSeconds: 45, stopTimeoutSeconds: 20, callsPerCallerPerMinute: 12, apiKeyNamespaces: [team-a, apps] }\n")]);
        var off = await renderer.RenderAsync([AirwaveChart.ValuesFile("webhook.yaml")]);

        Assert.NotEqual(0, withoutRole.ExitCode);
        Assert.Contains("config.upload.roleArn is required when webhook.streamApi.enabled is true", withoutRole.ToString(), StringComparison.Ordinal);
        var env = Env(chart);
        Assert.Equal("true", env["AIRWAVE_Webhook__StreamApi__Enabled"]);
        Assert.Equal("900", env["AIRWAVE_Webhook__StreamApi__CredentialSeconds"]);
        Assert.Equal("0:00:45", env["AIRWAVE_Webhook__StreamApi__StartTimeout"]);
        Assert.Equal("0:00:20", env["AIRWAVE_Webhook__StreamApi__StopTimeout"]);
        Assert.Equal("12", env["AIRWAVE_Webhook__StreamApi__CallsPerCallerPerMinute"]);
        Assert.Contains(chart.Documents, d => d.Kind == "ValidatingAdmissionPolicyBinding" && d.Name == "airwave-webhook-streams");
        Assert.Contains("media.airwave.dev livestreams create", Grants(Named(chart, "ClusterRole", "airwave-webhook")));

        // The listed namespaces' API keys: the operator makes them (its configuration lists them), the webhook reads them.
        var operatorConfig = JsonNode.Parse((string)chart.One("ConfigMap")["data"]!["config.json"]!)!["Operator"]!;
        Assert.Equal(["team-a", "apps"], operatorConfig["StreamApiKeyNamespaces"]!.AsArray().Select(n => (string?)n));
        var keyGrants = Grants(Named(chart, "Role", "airwave-webhook-playback-key"));
        Assert.Contains(" secrets get airwave-stream-api-key-team-a", keyGrants);
        Assert.Contains(" secrets get airwave-stream-api-key-apps", keyGrants);

        Assert.DoesNotContain("AIRWAVE_Webhook__StreamApi__Enabled", Env(off).Keys);
        Assert.DoesNotContain(off.Documents, d => d.Name == "airwave-webhook-streams");
        Assert.DoesNotContain("media.airwave.dev livestreams create", Grants(Named(off, "ClusterRole", "airwave-webhook")));
    }

    [Fact]
    public async Task For_admission_alone_it_needs_no_signing_secret()
    {
        var chart = await renderer.RenderAsync([renderer.WriteValues("webhook:\n  enabled: true\n")]);

        var env = Container(chart)["env"]!.AsArray().Select(e => (string?)e!["name"]);
        Assert.DoesNotContain("VIDEO_WEBHOOK_SECRET", env);
        Assert.Contains("AIRWAVE_Webhook__AdmissionPort", env);
    }

    [Fact]
    public async Task Admission_is_registered_through_its_own_service_with_the_failure_policy_and_timeout_asked()
    {
        var chart = await renderer.RenderAsync([AirwaveChart.ValuesFile("webhook.yaml"), renderer.WriteValues("webhook:\n  admission: { failurePolicy: Ignore, timeoutSeconds: 4, port: 8443 }\n")]);

        var webhook = Assert.Single(Named(chart, "ValidatingWebhookConfiguration", "airwave-validation")["webhooks"]!.AsArray())!;
        Assert.Equal(("airwave-webhook-admission", AirwaveChart.ReleaseNamespace, "/validate", 443L), ((string?)webhook["clientConfig"]!["service"]!["name"], (string?)webhook["clientConfig"]!["service"]!["namespace"], (string?)webhook["clientConfig"]!["service"]!["path"], (long?)webhook["clientConfig"]!["service"]!["port"]));
        Assert.Null(webhook["clientConfig"]!["caBundle"]);
        Assert.Equal(("Ignore", 4L, "None"), ((string?)webhook["failurePolicy"], (long?)webhook["timeoutSeconds"], (string?)webhook["sideEffects"]));
        var rule = Assert.Single(webhook["rules"]!.AsArray())!;
        Assert.Equal(["livestreams", "videoassets", "archivesplits"], rule["resources"]!.AsArray().Select(r => (string?)r));
        Assert.Equal(["CREATE", "UPDATE"], rule["operations"]!.AsArray().Select(r => (string?)r));
        Assert.Null(webhook["namespaceSelector"]);

        var port = Assert.Single(Named(chart, "Service", "airwave-webhook-admission")["spec"]!["ports"]!.AsArray())!;
        Assert.Equal((443L, "admission"), ((long?)port["port"], (string?)port["targetPort"]));
        Assert.Contains("admission:8443", Container(chart)["ports"]!.AsArray().Select(p => $"{(string?)p!["name"]}:{(long)p["containerPort"]!}"));
        Assert.Equal("8443", Env(chart)["AIRWAVE_Webhook__AdmissionPort"]);
    }

    [Fact]
    public async Task Without_cert_manager_the_pods_issue_the_certificate_allowed_only_their_secret_and_their_configuration()
    {
        var chart = await renderer.RenderAsync([AirwaveChart.ValuesFile("webhook.yaml"), renderer.WriteValues("webhook:\n  admission: { certificate: { duration: 2160h } }\n")]);

        Assert.DoesNotContain(chart.Documents, d => ((string?)d.Manifest["apiVersion"])?.StartsWith("cert-manager.io/", StringComparison.Ordinal) == true);
        Assert.Equal(
            [" secrets get airwave-webhook-admission-certificate", " secrets update airwave-webhook-admission-certificate"],
            Grants(Named(chart, "Role", "airwave-webhook-admission")));
        var secret = Named(chart, "Secret", "airwave-webhook-admission-certificate");
        Assert.Equal("Opaque", (string?)secret["type"]);
        Assert.Null(secret["data"]);
        var policy = Named(chart, "ValidatingAdmissionPolicy", "airwave-webhook-writes")["spec"]!;
        Assert.Equal($"request.userInfo.username == \"system:serviceaccount:{AirwaveChart.ReleaseNamespace}:airwave-webhook\"", (string?)policy["matchConditions"]![0]!["expression"]);
        Assert.Equal("airwave-webhook-writes", (string?)Named(chart, "ValidatingAdmissionPolicyBinding", "airwave-webhook-writes")["spec"]!["policyName"]);
        Assert.Equal(
            ["admissionregistration.k8s.io validatingwebhookconfigurations get airwave-validation", "admissionregistration.k8s.io validatingwebhookconfigurations update airwave-validation"],
            Grants(Named(chart, "ClusterRole", "airwave-webhook-admission")));
        var env = Env(chart);
        Assert.Equal(("airwave-webhook-admission-certificate", "airwave-webhook-admission", "airwave-validation", "2160h"), (env["AIRWAVE_Webhook__AdmissionIssuer__Secret"], env["AIRWAVE_Webhook__AdmissionIssuer__Service"], env["AIRWAVE_Webhook__AdmissionIssuer__WebhookConfiguration"], env["AIRWAVE_Webhook__AdmissionIssuer__Lifetime"]));
        Assert.False(env.ContainsKey("AIRWAVE_Webhook__AdmissionCertificateFile"));
        Assert.Null(Named(chart, "ValidatingWebhookConfiguration", "airwave-validation")["metadata"]!["annotations"]);
    }

    [Theory]
    [InlineData("auto", true)]
    [InlineData("certManager", false)]
    public async Task With_cert_manager_it_issues_the_certificate_the_pods_mount_and_injects_its_ca(string provider, bool certManagerInstalled)
    {
        var chart = await renderer.RenderAsync(
            [AirwaveChart.ValuesFile("webhook.yaml"), renderer.WriteValues($"webhook:\n  admission: {{ certificate: {{ provider: {provider} }} }}\n")],
            certManagerInstalled ? ["--api-versions", "cert-manager.io/v1"] : []);

        var certificate = Named(chart, "Certificate", "airwave-webhook-admission")["spec"]!;
        Assert.Equal("airwave-webhook-admission-tls", (string?)certificate["secretName"]);
        Assert.Contains($"airwave-webhook-admission.{AirwaveChart.ReleaseNamespace}.svc", certificate["dnsNames"]!.AsArray().Select(n => (string?)n));
        Assert.Equal("8760h", (string?)certificate["duration"]);
        Assert.Equal("airwave-webhook-admission-ca", (string?)certificate["issuerRef"]!["name"]);
        Assert.True((bool?)Named(chart, "Certificate", "airwave-webhook-admission-ca")["spec"]!["isCA"]);
        Assert.Equal("airwave-webhook-admission-ca", (string?)Named(chart, "Issuer", "airwave-webhook-admission-ca")["spec"]!["ca"]!["secretName"]);
        Assert.Equal(
            $"{AirwaveChart.ReleaseNamespace}/airwave-webhook-admission",
            (string?)Named(chart, "ValidatingWebhookConfiguration", "airwave-validation")["metadata"]!["annotations"]!["cert-manager.io/inject-ca-from"]);
        var env = Env(chart);
        Assert.Equal(("/etc/airwave-admission/tls.crt", "/etc/airwave-admission/tls.key"), (env["AIRWAVE_Webhook__AdmissionCertificateFile"], env["AIRWAVE_Webhook__AdmissionKeyFile"]));
        Assert.False(env.ContainsKey("AIRWAVE_Webhook__AdmissionIssuer__Secret"));
        var pod = Named(chart, "Deployment", "airwave-webhook")["spec"]!["template"]!["spec"]!;
        Assert.Contains(pod["volumes"]!.AsArray(), v => (string?)v!["secret"]?["secretName"] == "airwave-webhook-admission-tls");
        Assert.DoesNotContain(chart.Documents, d => d.Kind == "Role" && d.Name == "airwave-webhook-admission");
    }

    [Fact]
    public async Task With_cert_manager_and_an_issuer_of_the_cluster_the_chart_makes_no_ca()
    {
        var chart = await renderer.RenderAsync(
            [AirwaveChart.ValuesFile("webhook.yaml"), renderer.WriteValues("webhook:\n  admission: { certificate: { certManager: { issuerRef: { name: corporate-ca, kind: ClusterIssuer } } } }\n")],
            ["--api-versions", "cert-manager.io/v1"]);

        var issuer = Named(chart, "Certificate", "airwave-webhook-admission")["spec"]!["issuerRef"]!;
        Assert.Equal(("corporate-ca", "ClusterIssuer", "cert-manager.io"), ((string?)issuer["name"], (string?)issuer["kind"], (string?)issuer["group"]));
        Assert.DoesNotContain(chart.Documents, d => d.Kind == "Issuer");
        Assert.Single(chart.Documents, d => d.Kind == "Certificate");
    }

    [Fact]
    public async Task The_pods_read_the_operators_bucket_settings_and_roll_when_they_change()
    {
        var before = await renderer.RenderAsync([AirwaveChart.ValuesFile("webhook.yaml")]);
        var after = await renderer.RenderAsync([AirwaveChart.ValuesFile("webhook.yaml"), renderer.WriteValues("config:\n  allowedArchiveBuckets: [\"tenant-*-archive\"]\n")]);

        var pod = Named(before, "Deployment", "airwave-webhook")["spec"]!["template"]!;
        Assert.Equal(["--config", "/etc/airwave/config.json"], Container(before)["args"]!.AsArray().Select(a => (string?)a));
        Assert.Contains(pod["spec"]!["volumes"]!.AsArray(), v => (string?)v!["configMap"]?["name"] == "airwave");
        Assert.NotEqual(
            (string?)pod["metadata"]!["annotations"]!["checksum/config"],
            (string?)Named(after, "Deployment", "airwave-webhook")["spec"]!["template"]!["metadata"]!["annotations"]!["checksum/config"]);
    }

    [Fact]
    public async Task It_runs_as_its_own_service_account_allowed_only_what_callbacks_playback_tokens_and_admission_need()
    {
        var chart = await renderer.RenderAsync([AirwaveChart.ValuesFile("webhook.yaml")]);

        Assert.Equal(
            ["media.airwave.dev videoassets get", "media.airwave.dev videoassets list", "media.airwave.dev videoassets watch", "media.airwave.dev videoassets patch", "media.airwave.dev livestreams get", "media.airwave.dev livestreams list"],
            Grants(Named(chart, "ClusterRole", "airwave-webhook")));
        Assert.Equal(
            ["authentication.k8s.io tokenreviews create", "authorization.k8s.io subjectaccessreviews create"],
            Grants(Named(chart, "ClusterRole", "airwave-webhook-reviews")));
        foreach (var binding in new[] { "airwave-webhook", "airwave-webhook-reviews" })
        {
            var subject = Assert.Single(Named(chart, "ClusterRoleBinding", binding)["subjects"]!.AsArray())!;
            Assert.Equal(("airwave-webhook", AirwaveChart.ReleaseNamespace), ((string?)subject["name"], (string?)subject["namespace"]));
        }

        Assert.Equal("airwave-webhook", (string?)Named(chart, "ServiceAccount", "airwave-webhook")["metadata"]!["name"]);
        Assert.Equal("arn:aws:iam::123456789012:role/airwave-webhook", (string?)Named(chart, "ServiceAccount", "airwave-webhook")["metadata"]!["annotations"]!["eks.amazonaws.com/role-arn"]);
        Assert.Equal(
            [" secrets get airwave-cloudfront-playback-key", " secrets get airwave-ivs-playback-key", " secrets get airwave-mux-playback-key", " secrets get airwave-upload-playback-key", " secrets get airwave-webrtc-viewer-key", " secrets get airwave-view-token-key", " secrets get airwave-content-key-seed", " secrets get airwave-speke-caller-token"],
            Grants(Named(chart, "Role", "airwave-webhook-playback-key")));

        var pod = Named(chart, "Deployment", "airwave-webhook")["spec"]!["template"]!["spec"]!;
        Assert.Equal("airwave-webhook", (string?)pod["serviceAccountName"]);
        var container = pod["containers"]![0]!;
        var chartYaml = File.ReadAllText(Path.Combine(AirwaveChart.Directory, "Chart.yaml"));
        var appVersion = chartYaml.Split('\n').Single(l => l.StartsWith("appVersion:", StringComparison.Ordinal)).Split(':', 2)[1].Trim().Trim('"');
        Assert.Equal($"airwave/webhook:{appVersion}", (string?)container["image"]);
        var env = container["env"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => e!);
        Assert.Equal(("mux-webhook", "VIDEO_WEBHOOK_SECRET"), ((string?)env["VIDEO_WEBHOOK_SECRET"]["valueFrom"]!["secretKeyRef"]!["name"], (string?)env["VIDEO_WEBHOOK_SECRET"]["valueFrom"]!["secretKeyRef"]!["key"]));
        Assert.Equal("20", (string?)env["AIRWAVE_Webhook__CallbacksPerSecond"]["value"]);
        Assert.Equal("media-tokens", (string?)env["AIRWAVE_Webhook__PlaybackTokenAudience"]["value"]);
        Assert.Equal("4", (string?)env["AIRWAVE_Webhook__PlaybackTokensPerCallerPerSecond"]["value"]);
        Assert.Equal("https://hooks.example.com", (string?)env["AIRWAVE_Webhook__PublicUrl"]["value"]);
        Assert.Equal(["callbacks:8080", "management:9090", "admission:9443"], container["ports"]!.AsArray().Select(p => $"{(string?)p!["name"]}:{(long)p["containerPort"]!}"));
        Assert.Equal("management", (string?)container["readinessProbe"]!["httpGet"]!["port"]);
        Assert.DoesNotContain(chart.Documents, d => d.Name == "airwave-webhook-outbox");
        Assert.DoesNotContain("DOWNSTREAM_SERVICE_ENABLED", env.Keys);
    }

    [Fact]
    public async Task With_downstream_events_its_views_go_to_the_operators_outbox_with_the_same_sink_settings()
    {
        var chart = await renderer.RenderAsync([
            AirwaveChart.ValuesFile("webhook.yaml"),
            renderer.WriteValues("""
                downstream: {enabled: true, url: "https://events.example.com/airwave", batchSize: 1, enableAnalytics: true, tokenSecret: {name: events-token}}
                webhook:
                  views: {idleTimeoutSeconds: 90, heartbeatSeconds: 15, truncateAddresses: true, externalOrigins: ["https://www.example.com"], trustedProxies: ["10.0.0.0/8"]}
                """)]);

        string[] outbox = [.. Enumerable.Range(0, 8).SelectMany(i => new[] { $" configmaps get airwave-outbox-{i}", $" configmaps update airwave-outbox-{i}" }), " configmaps create"];
        Assert.Equal(outbox.Order(StringComparer.Ordinal), Grants(Named(chart, "Role", "airwave-webhook-outbox")).Order(StringComparer.Ordinal));
        var subject = Assert.Single(Named(chart, "RoleBinding", "airwave-webhook-outbox")["subjects"]!.AsArray())!;
        Assert.Equal("airwave-webhook", (string?)subject["name"]);

        var webhook = Env(chart);
        var operatorEnv = Named(chart, "Deployment", "airwave")["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.AsArray()
            .ToDictionary(e => (string)e!["name"]!, e => (string?)e!["value"]);
        foreach (var name in new[] { "DOWNSTREAM_SERVICE_ENABLED", "DOWNSTREAM_SERVICE_URL", "DOWNSTREAM_SERVICE_BATCH_SIZE", "DOWNSTREAM_SERVICE_ENABLE_ANALYTICS", "DOWNSTREAM_SERVICE_ENABLE_EVENTS" })
        {
            Assert.Equal(operatorEnv[name], webhook[name]);
        }

        Assert.Equal("true", webhook["DOWNSTREAM_SERVICE_ENABLE_ANALYTICS"]);
        Assert.Equal("0:01:30", webhook["AIRWAVE_Webhook__Views__IdleTimeout"]);
        Assert.Equal("0:00:15", webhook["AIRWAVE_Webhook__Views__HeartbeatInterval"]);
        Assert.Equal("true", webhook["AIRWAVE_Webhook__Views__TruncateAddresses"]);
        Assert.Equal("https://www.example.com", webhook["AIRWAVE_Webhook__Views__ExternalOrigins__0"]);
        Assert.Equal("10.0.0.0/8", webhook["AIRWAVE_Webhook__Views__TrustedProxies__0"]);
        Assert.Equal("ClientIP", (string?)Named(chart, "Service", "airwave-webhook")["spec"]!["sessionAffinity"]);
    }

    [Fact]
    public async Task Its_service_exposes_the_callback_port_alone()
    {
        var chart = await renderer.RenderAsync([AirwaveChart.ValuesFile("webhook.yaml")]);

        var service = Named(chart, "Service", "airwave-webhook");
        var port = Assert.Single(service["spec"]!["ports"]!.AsArray())!;
        Assert.Equal(("callbacks", "callbacks"), ((string?)port["name"], (string?)port["targetPort"]));
        Assert.Equal("webhook", (string?)service["spec"]!["selector"]!["app.kubernetes.io/component"]);
        Assert.Equal("/callbacks/mux", (string?)service["metadata"]!["annotations"]!["example.com/exposed-path"]);
    }

    [Fact]
    public async Task With_watch_namespaces_it_gets_a_role_in_each_and_only_the_reviews_cluster_wide()
    {
        var chart = await renderer.RenderAsync([AirwaveChart.ValuesFile("webhook.yaml"), renderer.WriteValues("watchNamespaces: [team-a, team-b]\n")]);

        Assert.Equal(["airwave-webhook-admission", "airwave-webhook-reviews"], chart.Documents.Where(d => d.Kind == "ClusterRole").Select(d => d.Name).Order(StringComparer.Ordinal));
        var selector = Assert.Single(Named(chart, "ValidatingWebhookConfiguration", "airwave-validation")["webhooks"]![0]!["namespaceSelector"]!["matchExpressions"]!.AsArray())!;
        Assert.Equal(("kubernetes.io/metadata.name", "In"), ((string?)selector["key"], (string?)selector["operator"]));
        Assert.Equal(["team-a", "team-b"], selector["values"]!.AsArray().Select(v => (string?)v));
        var roles = chart.Documents.Where(d => d.Kind == "Role" && d.Name == "airwave-webhook").Select(d => (string?)d.Manifest["metadata"]!["namespace"]);
        Assert.Equal(["team-a", "team-b"], roles);
        var env = Named(chart, "Deployment", "airwave-webhook")["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.AsArray();
        Assert.Equal(["team-a", "team-b"], env.Where(e => ((string)e!["name"]!).StartsWith("AIRWAVE_Webhook__WatchNamespaces__", StringComparison.Ordinal)).Select(e => (string?)e!["value"]));
    }

    /// <summary>"group resource verb [name]" for each combination a role's rules allow.</summary>
    private static List<string> Grants(JsonObject role) =>
        [.. role["rules"]!.AsArray().SelectMany(rule =>
            from g in rule!["apiGroups"]!.AsArray()
            from r in rule["resources"]!.AsArray()
            from v in rule["verbs"]!.AsArray()
            from n in rule["resourceNames"]?.AsArray().Select(x => (string?)x) ?? [null]
            select $"{(string?)g} {(string?)r} {(string?)v}{(n is null ? "" : " " + n)}")];

    private static JsonNode Container(RenderedChart chart) =>
        Named(chart, "Deployment", "airwave-webhook")["spec"]!["template"]!["spec"]!["containers"]![0]!;

    private static Dictionary<string, string?> Env(RenderedChart chart) =>
        Container(chart)["env"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => (string?)e!["value"]);

    private static JsonObject Named(RenderedChart chart, string kind, string name) =>
        chart.Documents.Single(d => d.Kind == kind && d.Name == name).Manifest;
}
