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
    public async Task Turned_on_without_its_signing_secret_the_install_fails_naming_the_value()
    {
        var result = await renderer.RunAsync([renderer.WriteValues("webhook:\n  enabled: true\n")]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("webhook.secretName is required when webhook.enabled is true", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task It_runs_as_its_own_service_account_allowed_only_what_callbacks_and_playback_tokens_need()
    {
        var chart = await renderer.RenderAsync([AirwaveChart.ValuesFile("webhook.yaml")]);

        Assert.Equal(
            ["media.airwave.dev videoassets list", "media.airwave.dev videoassets watch", "media.airwave.dev videoassets patch", " secrets get airwave-mux-signing-key"],
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

        var pod = Named(chart, "Deployment", "airwave-webhook")["spec"]!["template"]!["spec"]!;
        Assert.Equal("airwave-webhook", (string?)pod["serviceAccountName"]);
        var container = pod["containers"]![0]!;
        var chartYaml = File.ReadAllText(Path.Combine(AirwaveChart.Directory, "Chart.yaml"));
        var appVersion = chartYaml.Split('\n').Single(l => l.StartsWith("appVersion:", StringComparison.Ordinal)).Split(':', 2)[1].Trim().Trim('"');
        Assert.Equal($"airwave/webhook:{appVersion}", (string?)container["image"]);
        var env = container["env"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => e!);
        Assert.Equal(("mux-webhook", "VIDEO_WEBHOOK_SECRET"), ((string?)env["VIDEO_WEBHOOK_SECRET"]["valueFrom"]!["secretKeyRef"]!["name"], (string?)env["VIDEO_WEBHOOK_SECRET"]["valueFrom"]!["secretKeyRef"]!["key"]));
        Assert.Equal("20", (string?)env["AIRWAVE_Webhook__CallbacksPerSecond"]["value"]);
        Assert.Equal(["callbacks:8080", "management:9090"], container["ports"]!.AsArray().Select(p => $"{(string?)p!["name"]}:{(long)p["containerPort"]!}"));
        Assert.Equal("management", (string?)container["readinessProbe"]!["httpGet"]!["port"]);
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

        Assert.Equal(["airwave-webhook-reviews"], chart.Documents.Where(d => d.Kind == "ClusterRole").Select(d => d.Name));
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

    private static JsonObject Named(RenderedChart chart, string kind, string name) =>
        chart.Documents.Single(d => d.Kind == kind && d.Name == name).Manifest;
}
