using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Airwave.Kubernetes.Client;
using Airwave.Operator.Configuration;
using Airwave.Operator.LiveStreams.Viewers;
using Microsoft.Extensions.Logging.Abstractions;
using static Airwave.Operator.Tests.StatusOf;

namespace Airwave.Operator.Tests.LiveStreams;

/// <summary>
/// status.viewers as a stream's owner sees it: players report their views to the webhook service, and the operator
/// counts them there into the stream's status and the VIEWERS column of `kubectl get ls -o wide`.
/// </summary>
public sealed class LiveStreamViewersTests(OperatorSandbox sandbox) : IClassFixture<OperatorSandbox>
{
    private const string Stream = "workshop-a";

    [Fact]
    public async Task Views_players_report_show_in_status_and_the_wide_listing_and_the_peak_starts_over_with_each_run()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.Kubectl.SucceedAsync("apply", "-n", ns, "-f", Repository.Path("examples", "livestream-rtmp.yaml"));
        var running = await sandbox.WaitForAsync(ns, "livestream", Stream, s => Phase(s) == "Running", $"{Stream} Running");
        Assert.Null(running!["status"]!["viewers"]);

        using var http = new HttpClient();
        var views = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            views.Add(await OpenViewAsync(http, ns));
        }

        var watched = await ViewersAsync(ns, v => (int?)v?["current"] == 3, "3 viewers");
        Assert.Equal(3, (int?)watched["peak"]);
        var wide = (await sandbox.Kubectl.SucceedAsync("get", "livestream", Stream, "-n", ns, "-o", "wide")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("3", Column(wide, "VIEWERS"));

        await EndAsync(http, views[0]);
        await EndAsync(http, views[1]);
        var fewer = await ViewersAsync(ns, v => (int?)v?["current"] == 1, "1 viewer left");
        Assert.Equal(3, (int?)fewer["peak"]);
        Assert.Equal(watched["peakTime"]!.GetValue<string>(), fewer["peakTime"]!.GetValue<string>());

        // A new run's peak is its own: it starts from who watches when it starts.
        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "livestream", Stream, "--type=merge", "-p", """{"spec":{"state":"Stopped"}}""");
        await sandbox.WaitForAsync(ns, "livestream", Stream, s => Phase(s) == "Idle", $"{Stream} Idle");
        await HeartbeatAsync(http, views[2]);
        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "livestream", Stream, "--type=merge", "-p", """{"spec":{"state":"Running"}}""");
        var again = await sandbox.WaitForAsync(ns, "livestream", Stream, s => Phase(s) == "Running", $"{Stream} Running again");
        await HeartbeatAsync(http, views[2]);
        var rerun = await ViewersAsync(ns, v => (int?)v?["peak"] == 1, "the new run's peak");
        Assert.Equal(1, (int?)rerun["current"]);
        Assert.True(
            DateTimeOffset.Parse(rerun["peakTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) >= DateTimeOffset.Parse(again!["status"]!["lastStarted"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
            $"peak time {rerun["peakTime"]} is before the run started ({again["status"]!["lastStarted"]})");

        await EndAsync(http, views[2]);
        await ViewersAsync(ns, v => (int?)v?["current"] == 0, "no viewers");
        await sandbox.Kubectl.SucceedAsync("delete", "-n", ns, "livestream", Stream, "--wait=false");
    }

    [Fact]
    public async Task Each_ready_webhook_replica_is_asked_once_even_when_a_dual_stack_service_lists_it_twice()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.ApplyAsync(ns, """
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: {name: hooks-v4, labels: {kubernetes.io/service-name: hooks}}
            addressType: IPv4
            endpoints:
              - {addresses: [10.1.0.5], conditions: {ready: true}, targetRef: {kind: Pod, name: hooks-a, uid: 0b7c4bd2-aaaa-4c1e-9d2f-000000000001}}
              - {addresses: [10.1.0.6], conditions: {ready: false}, targetRef: {kind: Pod, name: hooks-b, uid: 0b7c4bd2-aaaa-4c1e-9d2f-000000000002}}
              - {addresses: [10.1.0.7], targetRef: {kind: Pod, name: hooks-c, uid: 0b7c4bd2-aaaa-4c1e-9d2f-000000000003}}
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: {name: hooks-v6, labels: {kubernetes.io/service-name: hooks}}
            addressType: IPv6
            endpoints:
              - {addresses: ["fd00::5"], conditions: {ready: true}, targetRef: {kind: Pod, name: hooks-a, uid: 0b7c4bd2-aaaa-4c1e-9d2f-000000000001}}
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: {name: other, labels: {kubernetes.io/service-name: other}}
            addressType: IPv4
            endpoints:
              - {addresses: [10.1.0.9]}
            """);
        using var client = new KubernetesClient(KubernetesAccess.Configuration(sandbox.Host.KubeconfigPath));
        var replicas = new WebhookReplicas(
            client,
            new OperatorOptions { Viewers = new() { WebhookService = "hooks", WebhookNamespace = ns, WebhookManagementPort = 9191 } });

        var asked = (await replicas.ReportUrisAsync(CancellationToken.None)).Select(u => u.ToString()).Order(StringComparer.Ordinal);

        // Not ready is left out (its views end as it stops); unset readiness is ready, as Kubernetes reads it.
        Assert.Equal(["http://10.1.0.5:9191/v1/viewers", "http://10.1.0.7:9191/v1/viewers"], asked);
    }

    [Fact]
    public async Task A_webhook_replica_that_does_not_answer_holds_the_count_back_rather_than_dropping_its_viewers()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.Kubectl.SucceedAsync("apply", "-n", ns, "-f", Repository.Path("examples", "livestream-rtmp.yaml"));
        using var http = new HttpClient();
        var view = await OpenViewAsync(http, ns);

        // The sandbox's webhook replica, listed again under a Service of the test's, then a second replica where
        // nothing listens.
        var port = int.Parse(await sandbox.Kubectl.SucceedAsync("get", "service", "airwave-webhook", "-n", "default", "-o", "jsonpath={.spec.ports[0].port}"), System.Globalization.CultureInfo.InvariantCulture);
        await sandbox.ApplyAsync(ns, Slice("answering", "127.0.0.1"));
        using var client = new KubernetesClient(KubernetesAccess.Configuration(sandbox.Host.KubeconfigPath));
        var counts = new ViewerCounts(
            http,
            new WebhookReplicas(client, new OperatorOptions { Viewers = new() { WebhookService = "hooks", WebhookNamespace = ns, WebhookManagementPort = port } }),
            NullLogger<ViewerCounts>.Instance);
        var answered = await counts.CountAsync(CancellationToken.None);
        await sandbox.ApplyAsync(ns, Slice("silent", "127.0.0.2"));
        var held = await counts.CountAsync(CancellationToken.None);
        await EndAsync(http, view);

        Assert.Equal(1, answered?.GetValueOrDefault((ns, Stream)));
        Assert.Null(held);
    }

    private static string Slice(string name, string address) => $$$"""
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata: {name: {{{name}}}, labels: {kubernetes.io/service-name: hooks}}
        addressType: IPv4
        endpoints:
          - {addresses: [{{{address}}}], conditions: {ready: true}}
        """;

    private async Task<string> OpenViewAsync(HttpClient http, string ns)
    {
        using var opened = await http.PostAsJsonAsync(new Uri(sandbox.Host.MuxCallbackUrl!, "/v1/views"), new { kind = "LiveStream", @namespace = ns, name = Stream });
        Assert.True(opened.StatusCode == HttpStatusCode.Created, await opened.Content.ReadAsStringAsync());
        return (string)JsonNode.Parse(await opened.Content.ReadAsStringAsync())!["viewId"]!;
    }

    private Task EndAsync(HttpClient http, string view) => SendAsync(http, view, "end");

    private Task HeartbeatAsync(HttpClient http, string view) => SendAsync(http, view, "heartbeat");

    private async Task SendAsync(HttpClient http, string view, string type)
    {
        using var sent = await http.PostAsJsonAsync(new Uri(sandbox.Host.MuxCallbackUrl!, $"/v1/views/{view}/events"), new { type, t = 1000 });
        Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());
    }

    private async Task<JsonNode> ViewersAsync(string ns, Func<JsonNode?, bool> condition, string what) =>
        (await sandbox.WaitForAsync(ns, "livestream", Stream, s => condition(s?["status"]?["viewers"]), what))!["status"]!["viewers"]!;

    /// <summary>The value under <paramref name="header"/> in a one-row kubectl table, whose columns are aligned to their headers.</summary>
    private static string Column(string[] table, string header)
    {
        var at = table[0].IndexOf(header, StringComparison.Ordinal);
        Assert.True(at >= 0, $"no {header} column in: {table[0]}");
        return table[1][at..].Split(' ')[0];
    }
}
