using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Client.Errors;
using Airwave.Kubernetes.LeaderElection;
using Airwave.Kubernetes.Tests.Support;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Http;

namespace Airwave.Kubernetes.Tests.Client;

/// <summary>
/// The official client's typed API, reached through <see cref="KubernetesClient.Api"/>, goes through the same
/// pipeline as Airwave's own calls: counted under the verbs the API server uses, retried, fenced, and failing with the
/// same exceptions.
/// </summary>
public sealed class TypedApiTests
{
    private const string RequestDuration = "airwave_rest_client_request_duration_seconds_count";
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Typed_calls_are_counted_by_verb_and_fail_with_Airwaves_exceptions()
    {
        await using var cluster = await SandboxCluster.StartAsync();
        var metrics = new TestMetrics();
        var api = cluster.NewClient("airwave-tests/typed", metrics.Kubernetes).Api;
        var settings = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings" }, Data = new Dictionary<string, string> { ["mode"] = "live" } };

        var created = await api.CoreV1.CreateNamespacedConfigMapAsync(settings, "default", cancellationToken: None);
        var duplicate = await Record.ExceptionAsync(() => api.CoreV1.CreateNamespacedConfigMapAsync(settings, "default", cancellationToken: None));
        var listed = await api.CoreV1.ListNamespacedConfigMapAsync("default", cancellationToken: None);
        var patched = await api.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"mode":"vod"}}""", V1Patch.PatchType.MergePatch), "settings", "default", cancellationToken: None);
        await api.CoreV1.DeleteNamespacedConfigMapAsync("settings", "default", cancellationToken: None);
        var missing = await Record.ExceptionAsync(() => api.CoreV1.ReadNamespacedConfigMapAsync("settings", "default", cancellationToken: None));

        Assert.Equal("default", created.Metadata.NamespaceProperty);
        Assert.IsType<AlreadyExistsException>(duplicate);
        Assert.Contains(listed.Items, item => item.Metadata.Name == "settings");
        Assert.Equal("vod", patched.Data["mode"]);
        var notFound = Assert.IsType<NotFoundException>(missing);
        Assert.Equal("settings", notFound.Status.Details?.Name);
        var scrape = await metrics.ScrapeAsync();
        Assert.Equal(
            [1, 1, 1, 1, 1, 1],
            [
                scrape.Sum(RequestDuration, ("verb", "create"), ("code", "201")),
                scrape.Sum(RequestDuration, ("verb", "create"), ("code", "409")),
                scrape.Sum(RequestDuration, ("verb", "list"), ("code", "200")),
                scrape.Sum(RequestDuration, ("verb", "patch"), ("code", "200")),
                scrape.Sum(RequestDuration, ("verb", "delete"), ("code", "200")),
                scrape.Sum(RequestDuration, ("verb", "get"), ("code", "404")),
            ]);
    }

    [Fact]
    public async Task A_typed_call_answered_too_many_requests_is_sent_again()
    {
        var calls = 0;
        await using var server = await StubApiServer.StartAsync(context =>
        {
            context.Response.ContentType = "application/json";
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = "0";
                return context.Response.WriteAsync("""{"kind":"Status","status":"Failure","reason":"TooManyRequests","code":429}""");
            }

            return context.Response.WriteAsync("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"keys","namespace":"media"},"type":"Opaque"}""");
        });
        using var client = new KubernetesClient(server.Configuration(token: "secret-token"), TestJson.Client);

        var secret = await client.Api.CoreV1.ReadNamespacedSecretAsync("keys", "media", cancellationToken: None);

        Assert.Equal("keys", secret.Metadata.Name);
        Assert.Equal(
            [("GET", "/api/v1/namespaces/media/secrets/keys", "Bearer secret-token"), ("GET", "/api/v1/namespaces/media/secrets/keys", "Bearer secret-token")],
            server.Requests.Select(r => (r.Method, r.PathAndQuery, r.Authorization)));
    }

    [Fact]
    public async Task A_typed_write_by_a_leader_whose_lease_lapsed_is_refused_and_writes_nothing()
    {
        await using var cluster = await SandboxCluster.StartAsync();
        var elector = new LeaderElector(cluster.NewClient("airwave-tests/elector"), new LeaderElectionOptions
        {
            LeaseName = "typed-leader",
            Namespace = "default",
            Identity = "instance-a",
            LeaseDuration = TimeSpan.FromSeconds(3),
            RenewDeadline = TimeSpan.FromSeconds(2),
            RetryPeriod = TimeSpan.FromMilliseconds(400),
        });
        using var fenced = new KubernetesClient(cluster.Configuration, new KubernetesClientOptions { Json = TestJson.Options, UserAgent = "airwave-tests/fenced", Handlers = [() => new LeaderOnlyWrites(elector)] });
        using var stop = new CancellationTokenSource();
        V1ConfigMap? whileLeading = null;
        Exception? refused = null;
        V1ConfigMap? readAfter = null;

        await elector.RunAsync(
            async _ =>
            {
                whileLeading = await fenced.Api.CoreV1.CreateNamespacedConfigMapAsync(Named("while-leading"), "default", cancellationToken: None);
                using (cluster.Server.Faults.FailWhile(r => r.Resource == "leases", 500))
                {
                    // Past the renew deadline without a renewal, this process no longer leads.
                    await Eventually.MatchAsync(() => elector.IsLeader, leads => !leads, SandboxCluster.Patience, "leadership lost");
                }

                refused = await Record.ExceptionAsync(() => fenced.Api.CoreV1.CreateNamespacedConfigMapAsync(Named("after-the-lease"), "default", cancellationToken: None));
                readAfter = await fenced.Api.CoreV1.ReadNamespacedConfigMapAsync("while-leading", "default", cancellationToken: None);
                await stop.CancelAsync();
            },
            stop.Token);

        Assert.Equal("while-leading", whileLeading?.Metadata.Name);
        Assert.IsType<NotLeaderException>(refused);
        Assert.Equal("while-leading", readAfter?.Metadata.Name);
        Assert.IsType<NotFoundException>(await Record.ExceptionAsync(() => cluster.Client.Api.CoreV1.ReadNamespacedConfigMapAsync("after-the-lease", "default", cancellationToken: None)));
    }

    private static V1ConfigMap Named(string name) => new() { Metadata = new V1ObjectMeta { Name = name } };
}
