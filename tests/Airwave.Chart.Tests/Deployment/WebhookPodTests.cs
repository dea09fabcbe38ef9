using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Airwave.Api.Common;
using Airwave.Api.Validation;
using Airwave.Chart.Tests.Rendering;
using Airwave.Kubernetes.ApiMachinery.Resource;
using Airwave.Kubernetes.ApiMachinery.Yaml;
using Airwave.Sandbox;
using Airwave.Sandbox.Aws;
using Xunit.Abstractions;

namespace Airwave.Chart.Tests.Deployment;

/// <summary>
/// The chart's webhook service run by the sandbox's kubelet as the chart describes it: its image, command, ports,
/// probes, signing secret from a Secret, and in-cluster configuration with its own ServiceAccount, whose roles must
/// let it do its work (watch and mark VideoAssets, review callers' tokens).
/// </summary>
[Collection(SharedChartRenderer.Name)]
public sealed class WebhookPodTests(ChartRenderer renderer, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Secret = "chart-test-webhook-secret";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private readonly string _directory = Directory.CreateTempSubdirectory("airwave-chart-webhook-").FullName;
    private readonly int _callbackPort = LoopbackPorts.Reserve();
    private readonly int _managementPort = LoopbackPorts.Reserve();
    private readonly int _admissionPort = LoopbackPorts.Reserve();
    private SandboxHost _sandbox = null!;
    private Kubectl _kubectl = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await SandboxHost.StartAsync(
            new SandboxOptions { KubePort = 0, AwsPort = 0, NoOperator = true, KubeconfigPath = Path.Combine(_directory, "admin.kubeconfig") },
            CancellationToken.None);
        _kubectl = new Kubectl(_sandbox.KubeconfigPath, Path.Combine(_directory, "kubectl-cache"));
        await _kubectl.SucceedAsync("create", "namespace", AirwaveChart.ReleaseNamespace);
        await _kubectl.SucceedAsync("create", "secret", "generic", "mux-webhook", "-n", AirwaveChart.ReleaseNamespace, $"--from-literal=VIDEO_WEBHOOK_SECRET={Secret}");
    }

    [Fact]
    public async Task The_webhook_pod_becomes_ready_marks_the_video_asset_a_callback_is_about_and_reviews_callers_tokens()
    {
        await InstallAsync("  streamApi: { enabled: true, startTimeoutSeconds: 2 }\nconfig:\n  upload:\n    roleArn: arn:aws:iam::123456789012:role/mobile-upload\n");

        await _kubectl.SucceedAsync("create", "namespace", "videos");
        await _kubectl.SucceedAsync("apply", "-n", "videos", "-f", Repository.Path("examples", "videoasset-direct-upload.yaml"));
        var uid = await _kubectl.SucceedAsync("get", "videoasset", "intro", "-n", "videos", "-o", "jsonpath={.metadata.uid}");
        using var http = new HttpClient();
        var body = new JsonObject { ["type"] = "video.asset.ready", ["id"] = "event-1", ["data"] = new JsonObject { ["passthrough"] = uid } }.ToJsonString();

        // The pod's cache fills from a watch as its ServiceAccount; the callback marks the VideoAsset with a patch.
        await Eventually.MatchAsync(
            async () =>
            {
                using var response = await PostCallbackAsync(http, body, Sign(Secret, body));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return await _kubectl.SucceedAsync("get", "videoasset", "intro", "-n", "videos", "-o", "jsonpath={.metadata.annotations.media\\.airwave\\.dev/provider-event}");
            },
            mark => mark == "video.asset.ready event-1",
            Timeout,
            "the VideoAsset marked by the callback");
        using (var forged = await PostCallbackAsync(http, body, Sign("another-secret", body)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        // A token review needs the chart's reviews ClusterRole: a refused token is a 401, not a server error.
        using (var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://127.0.0.1:{_callbackPort}/v1/playback-tokens")))
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-a-kubernetes-token");
            request.Content = new StringContent("""{"namespace":"videos","name":"intro"}""", Encoding.UTF8, "application/json");
            using var refused = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        // /stream/start under the chart's RBAC and admission policy: the stream is made and watched and, as no operator
        // runs here to start it, taken back.
        await _kubectl.SucceedAsync("create", "serviceaccount", "app-backend", "-n", "videos");
        await _kubectl.SucceedAsync("create", "role", "app-backend", "-n", "videos", "--verb=create", "--resource=livestreams.media.airwave.dev");
        await _kubectl.SucceedAsync("create", "rolebinding", "app-backend", "-n", "videos", "--role=app-backend", "--serviceaccount=videos:app-backend");
        var backend = (await _kubectl.SucceedAsync("create", "token", "app-backend", "-n", "videos", "--audience=media-tokens")).Trim();
        using (var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://127.0.0.1:{_callbackPort}/stream/start/?type=hls&name=phone")))
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", backend);
            using var notStarted = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.GatewayTimeout, notStarted.StatusCode);
            Assert.Contains("was taken back", await notStarted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal("", (await _kubectl.SucceedAsync("get", "livestreams", "-n", "videos", "-o", "name")).Trim());

        using var ready = await http.GetAsync(new Uri($"http://127.0.0.1:{_managementPort}/readyz"));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        // The pod runs the build the sandbox was given: CI hands it the native one the image ships.
        var metrics = new Scrape(await http.GetStringAsync(new Uri($"http://127.0.0.1:{_managementPort}/metrics")));
        Assert.Equal(1, metrics.Sum("airwave_build_info", ("compilation", ProgramBuild.Webhook.AheadOfTime ? "aot" : "jit")));
    }

    /// <summary>A status patch saying a stream's cost counted <paramref name="monthToDate"/> dollars in <paramref name="month"/>'s month.</summary>
    private static string SpentIn(DateTimeOffset month, string monthToDate) =>
        new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["cost"] = new JsonObject { ["hourlyRate"] = "1.00", ["session"] = monthToDate, ["total"] = monthToDate, ["month"] = SpendMonth.Of(month).Name, ["monthToDate"] = monthToDate },
            },
        }.ToJsonString();

    [Fact]
    public async Task The_webhook_pod_issues_its_admission_certificate_and_the_api_server_calls_it_through_the_chart_service()
    {
        var (webhook, file) = await InstallAsync("config:\n  allowedArchiveBuckets: [\"tenant-*-archive\"]\n  maxRunningChannelsPerNamespace: 1\n  budgets: { roomy: { maxRunningChannels: 2 }, thrifty: { maxMonthlySpendUsd: 5 } }\n");

        await _kubectl.SucceedAsync("create", "namespace", "streams");
        var bad = await _kubectl.RunWithInputAsync("apiVersion: media.airwave.dev/v1alpha1\nkind: LiveStream\nmetadata: { name: elsewhere }\nspec: { source: { type: RtmpPush }, archive: { bucket: someone-elses } }\n", "apply", "-n", "streams", "-f", "-");
        var allowed = await _kubectl.RunWithInputAsync("apiVersion: media.airwave.dev/v1alpha1\nkind: LiveStream\nmetadata: { name: tenant }\nspec: { source: { type: RtmpPush }, archive: { bucket: tenant-a-archive } }\n", "apply", "-n", "streams", "-f", "-");

        // The refusal names the field, with the bucket rule from the operator's settings the pods read.
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("The LiveStream \"elsewhere\" is invalid: spec.archive.bucket", bad.StandardError, StringComparison.Ordinal);
        Assert.True(allowed.ExitCode == 0, allowed.ToString());
        // A split's session is checked against its stream, which the pods' role may read.
        var split = await _kubectl.RunWithInputAsync("apiVersion: media.airwave.dev/v1alpha1\nkind: ArchiveSplit\nmetadata: { name: clips }\nspec: { streamRef: { name: tenant }, sessionId: \"1234\", sections: [{ start: 0, end: 10 }] }\n", "apply", "-n", "streams", "-f", "-");
        Assert.NotEqual(0, split.ExitCode);
        Assert.Contains("spec.sessionId: Invalid value: \"1234\": LiveStream tenant recorded no such session; it has recorded none yet", split.StandardError, StringComparison.Ordinal);

        // With the namespace's one channel running, a second stream asked to run is refused as a quota refuses, naming
        // the limit; made stopped, it is admitted. A namespace whose budget allows two starts a second.
        await _kubectl.SucceedAsync("patch", "livestream", "tenant", "-n", "streams", "--subresource=status", "--type=merge", "-p", "{\"status\":{\"phase\":\"Running\"}}");
        const string Second = "apiVersion: media.airwave.dev/v1alpha1\nkind: LiveStream\nmetadata: { name: second }\nspec: { source: { type: RtmpPush }, state: Running }\n";
        var refused = await _kubectl.RunWithInputAsync(Second, "apply", "-n", "streams", "-f", "-");
        var stopped = await _kubectl.RunWithInputAsync(Second.Replace("Running", "Stopped", StringComparison.Ordinal), "apply", "-n", "streams", "-f", "-");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("Error from server (Forbidden)", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains("livestreams \"second\" is forbidden: exceeded quota: namespace streams already runs 1 of its 1 channels (maxRunningChannelsPerNamespace)", refused.StandardError, StringComparison.Ordinal);
        Assert.True(stopped.ExitCode == 0, stopped.ToString());
        await _kubectl.SucceedAsync("create", "namespace", "roomy");
        await _kubectl.RunWithInputAsync(Second.Replace("second", "first", StringComparison.Ordinal), "apply", "-n", "roomy", "-f", "-");
        await _kubectl.SucceedAsync("patch", "livestream", "first", "-n", "roomy", "--subresource=status", "--type=merge", "-p", "{\"status\":{\"phase\":\"Running\"}}");
        var roomy = await _kubectl.RunWithInputAsync(Second, "apply", "-n", "roomy", "-f", "-");
        Assert.True(roomy.ExitCode == 0, roomy.ToString());

        // A namespace whose streams have spent its monthly limit starts no more: only this month's spend counts.
        await _kubectl.SucceedAsync("create", "namespace", "thrifty");
        await _kubectl.RunWithInputAsync(Second.Replace("second", "weekend", StringComparison.Ordinal).Replace("Running", "Stopped", StringComparison.Ordinal), "apply", "-n", "thrifty", "-f", "-");
        var thisMonth = SpendMonth.Of(DateTimeOffset.UtcNow);
        await _kubectl.SucceedAsync("patch", "livestream", "weekend", "-n", "thrifty", "--subresource=status", "--type=merge", "-p", SpentIn(thisMonth.Start.AddMonths(-1), "80.00"));
        var underLimit = await _kubectl.RunWithInputAsync(Second.Replace("Running", "Stopped", StringComparison.Ordinal), "apply", "-n", "thrifty", "-f", "-");
        var lastMonthsSpend = await _kubectl.RunWithInputAsync(Second, "apply", "-n", "thrifty", "-f", "-");
        await _kubectl.SucceedAsync("patch", "livestream", "second", "-n", "thrifty", "--type=merge", "-p", "{\"spec\":{\"state\":\"Stopped\"}}");
        await _kubectl.SucceedAsync("patch", "livestream", "weekend", "-n", "thrifty", "--subresource=status", "--type=merge", "-p", SpentIn(thisMonth.Start, "5.20"));
        var overSpent = await _kubectl.RunWithInputAsync(Second, "apply", "-n", "thrifty", "-f", "-");
        Assert.True(underLimit.ExitCode == 0 && lastMonthsSpend.ExitCode == 0, lastMonthsSpend.ToString());
        Assert.NotEqual(0, overSpent.ExitCode);
        Assert.Contains("livestreams \"second\" is forbidden: exceeded quota: namespace thrifty has spent an estimated $5.20 of its $5.00 this month (budgets.thrifty.maxMonthlySpendUsd)", overSpent.StandardError, StringComparison.Ordinal);

        // A VideoAsset's spend counts too, and so does what deleted streams and videos spent, which the operator keeps
        // in its spend ledger: another namespace's entries and last month's do not.
        await _kubectl.SucceedAsync("patch", "livestream", "weekend", "-n", "thrifty", "--subresource=status", "--type=merge", "-p", SpentIn(thisMonth.Start, "3.00"));
        await _kubectl.RunWithInputAsync("apiVersion: media.airwave.dev/v1alpha1\nkind: VideoAsset\nmetadata: { name: trailer }\nspec: { title: Trailer, provider: Mux, source: { directUpload: { corsOrigin: \"https://app.example.com\" } } }\n", "apply", "-n", "thrifty", "-f", "-");
        await _kubectl.SucceedAsync("patch", "videoasset", "trailer", "-n", "thrifty", "--subresource=status", "--type=merge", "-p", SpentIn(thisMonth.Start, "0.60"));
        var withinLimit = await _kubectl.RunWithInputAsync(Second, "apply", "-n", "thrifty", "-f", "-");
        await _kubectl.SucceedAsync("patch", "livestream", "second", "-n", "thrifty", "--type=merge", "-p", "{\"spec\":{\"state\":\"Stopped\"}}");
        await _kubectl.SucceedAsync(
            "create", "configmap", SpendLedger.ConfigMapName, "-n", AirwaveChart.ReleaseNamespace,
            $"--from-literal=thrifty.6b1f3c1e-0d7a-4f57-9d0e-1c2b3a4d5e6f={thisMonth.Name} 1.50",
            $"--from-literal=thrifty.0c9e8d7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f={thisMonth.Start.AddMonths(-1):yyyy-MM} 40.00",
            $"--from-literal=roomy.1d2c3b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d={thisMonth.Name} 9.00");
        var withDeleted = await _kubectl.RunWithInputAsync(Second, "apply", "-n", "thrifty", "-f", "-");
        Assert.True(withinLimit.ExitCode == 0, withinLimit.ToString());
        Assert.NotEqual(0, withDeleted.ExitCode);
        Assert.Contains("namespace thrifty has spent an estimated $5.10 of its $5.00 this month", withDeleted.StandardError, StringComparison.Ordinal);

        // The pods filled the Secret the chart made empty, and wrote only the caBundle of the configuration.
        var secret = await _kubectl.SucceedAsync("get", "secret", "airwave-webhook-admission-certificate", "-n", AirwaveChart.ReleaseNamespace, "-o", "jsonpath={.metadata.labels.app\\.kubernetes\\.io/managed-by}");
        Assert.Equal("Helm", secret.Trim());
        Assert.Equal(
            await _kubectl.SucceedAsync("get", "secret", "airwave-webhook-admission-certificate", "-n", AirwaveChart.ReleaseNamespace, "-o", "jsonpath={.data.ca\\.crt}"),
            await _kubectl.SucceedAsync("get", "validatingwebhookconfiguration", "airwave-validation", "-o", "jsonpath={.webhooks[0].clientConfig.caBundle}"));

        // The caBundle and the certificate the pods wrote are not the chart's: applying the chart again (as helm
        // upgrade and Argo CD do) neither shows them as a difference nor removes them.
        var configuration = Path.Combine(_directory, "validation.yaml");
        await File.WriteAllTextAsync(configuration, YamlWriter.WriteDocuments(webhook.Where(m => (string?)m["kind"] is "ValidatingWebhookConfiguration" or "Secret")));
        var caBundle = await _kubectl.SucceedAsync("get", "validatingwebhookconfiguration", "airwave-validation", "-o", "jsonpath={.webhooks[0].clientConfig.caBundle}");
        var diff = await _kubectl.RunAsync("diff", "-f", configuration);
        Assert.True(diff.ExitCode == 0, diff.ToString());
        await _kubectl.SucceedAsync("apply", "-f", file);
        Assert.Equal(caBundle, await _kubectl.SucceedAsync("get", "validatingwebhookconfiguration", "airwave-validation", "-o", "jsonpath={.webhooks[0].clientConfig.caBundle}"));
        Assert.Equal(caBundle, await _kubectl.SucceedAsync("get", "secret", "airwave-webhook-admission-certificate", "-n", AirwaveChart.ReleaseNamespace, "-o", "jsonpath={.data.ca\\.crt}"));

        // What the pods' account may write in the configuration is its caBundle, not where requests go or what a failure does.
        var lenient = await ReplaceAsWebhookAsync(w => w["failurePolicy"] = "Ignore");
        var redirected = await ReplaceAsWebhookAsync(w => w["clientConfig"]!["service"]!["name"] = "elsewhere");
        var trusted = await ReplaceAsWebhookAsync(w => w["clientConfig"]!["caBundle"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("another authority")));
        var newSecret = await _kubectl.RunAsync("create", "secret", "generic", "another", "-n", AirwaveChart.ReleaseNamespace, $"--as={WebhookAccount}");
        Assert.NotEqual(0, lenient.ExitCode);
        Assert.Contains("the webhook service changes only the caBundle of its webhook configuration", lenient.StandardError, StringComparison.Ordinal);
        Assert.NotEqual(0, redirected.ExitCode);
        Assert.Contains("the webhook service changes only the caBundle of its webhook configuration", redirected.StandardError, StringComparison.Ordinal);
        Assert.True(trusted.ExitCode == 0, trusted.ToString());
        Assert.NotEqual(0, newSecret.ExitCode);
        Assert.Contains("forbidden", newSecret.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_flood_of_public_requests_leaves_admission_answering_and_the_pod_within_its_memory_limit()
    {
        var (webhook, _) = await InstallAsync("config:\n  allowedArchiveBuckets: [\"tenant-*-archive\"]\n");
        var limit = (long)Quantity.Parse((string)webhook.Single(m => (string?)m["kind"] == "Deployment")["spec"]!["template"]!["spec"]!["containers"]![0]!["resources"]!["limits"]!["memory"]!);
        var pid = int.Parse((await _kubectl.SucceedAsync("get", "pods", "-n", AirwaveChart.ReleaseNamespace, "-l", "app.kubernetes.io/component=webhook", "-o", "jsonpath={.items[0].status.containerStatuses[0].containerID}")).Replace("sandbox://", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        await _kubectl.SucceedAsync("create", "namespace", "streams");

        // Forged callbacks as large as allowed, and token requests with tokens the API server refuses: bounded in count
        // and time, 48 at once, until the admission calls below are done.
        using var admitted = new CancellationTokenSource();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var answers = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var peak = 0L;
        var sent = 0;
        var started = DateTime.UtcNow;
        var forged = new string('x', 250 * 1024);
        var flood = Enumerable.Range(0, 48).Select(worker => Task.Run(async () =>
        {
            while (!admitted.IsCancellationRequested && Interlocked.Increment(ref sent) <= 20_000 && DateTime.UtcNow - started < TimeSpan.FromSeconds(90))
            {
                string answer;
                try
                {
                    using var response = worker % 2 == 0
                        ? await PostCallbackAsync(http, forged, "t=1,v1=forged")
                        : await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri($"http://127.0.0.1:{_callbackPort}/v1/playback-tokens"))
                        {
                            Headers = { Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-a-kubernetes-token") },
                            Content = new StringContent("""{"namespace":"streams","name":"tenant"}""", Encoding.UTF8, "application/json"),
                        });
                    answer = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                }
                catch (HttpRequestException e)
                {
                    answer = e.Message;
                }

                answers.AddOrUpdate(answer, 1, (_, n) => n + 1);
                var rss = ResidentBytes(pid);
                long seen;
                while (rss > (seen = Interlocked.Read(ref peak)) && Interlocked.CompareExchange(ref peak, rss, seen) != seen)
                {
                }
            }
        })).ToList();

        // While it lasts, the API server's calls to the admission port are answered: one stream refused by the
        // webhook's own rule, the others admitted.
        var results = new List<ProcessResult>();
        for (var i = 0; i < 5; i++)
        {
            results.Add(await _kubectl.RunWithInputAsync($"apiVersion: media.airwave.dev/v1alpha1\nkind: LiveStream\nmetadata: {{ name: stream-{i} }}\nspec: {{ source: {{ type: RtmpPush }} }}\n", "apply", "-n", "streams", "-f", "-"));
        }

        var refused = await _kubectl.RunWithInputAsync("apiVersion: media.airwave.dev/v1alpha1\nkind: LiveStream\nmetadata: { name: elsewhere }\nspec: { source: { type: RtmpPush }, archive: { bucket: someone-elses } }\n", "apply", "-n", "streams", "-f", "-");
        var floodWasRunning = !flood.All(t => t.IsCompleted);
        await admitted.CancelAsync();
        await Task.WhenAll(flood);

        output.WriteLine($"{answers.Values.Sum()} public requests answered ({string.Join(", ", answers.Select(a => $"{a.Key}: {a.Value}"))}); resident memory peaked at {peak / (1 << 20)} MiB of {limit / (1 << 20)} MiB");
        Assert.True(floodWasRunning, "the flood ended before the admission calls did");
        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.ToString()));
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("The LiveStream \"elsewhere\" is invalid: spec.archive.bucket", refused.StandardError, StringComparison.Ordinal);
        Assert.Equal(["400", "401"], answers.Keys.Order(StringComparer.Ordinal));
        Assert.True(peak > 0 && peak < limit, $"the webhook's resident memory peaked at {peak} bytes; its limit is {limit}");
    }

    /// <summary>The resident memory of a container's processes (its process group), as the kernel counts it.</summary>
    private static long ResidentBytes(int processGroup)
    {
        long total = 0;
        foreach (var stat in Directory.EnumerateDirectories("/proc").Select(d => Path.Combine(d, "stat")))
        {
            try
            {
                var text = File.ReadAllText(stat);
                var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[2], CultureInfo.InvariantCulture) == processGroup)
                {
                    total += long.Parse(fields[21], CultureInfo.InvariantCulture) * Environment.SystemPageSize;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException)
            {
                // Not a process, or one that ended while it was read.
            }
        }

        return total;
    }

    /// <summary>
    /// Applies what the chart renders for the webhook with <paramref name="values"/> (its objects, the operator's
    /// settings it reads, its admission registration; no cert-manager) and waits for its Deployment; returns the
    /// manifests and their file.
    /// </summary>
    private async Task<(List<System.Text.Json.Nodes.JsonObject> Manifests, string File)> InstallAsync(string values)
    {
        var ports = renderer.WriteValues($"webhook:\n  replicaCount: 1\n  callbackPort: {_callbackPort}\n  managementPort: {_managementPort}\n  admission: {{ port: {_admissionPort} }}\n{values}");
        var rendered = await renderer.RenderAsync([AirwaveChart.ValuesFile("webhook.yaml"), ports]);
        var webhook = rendered.Documents
            .Where(d => d.Name.StartsWith("airwave-webhook", StringComparison.Ordinal) || (d.Kind, d.Name) is ("ConfigMap", "airwave") or ("ValidatingWebhookConfiguration", "airwave-validation"))
            .Select(d => d.Manifest).ToList();
        var file = Path.Combine(_directory, "webhook.yaml");
        await File.WriteAllTextAsync(file, YamlWriter.WriteDocuments(webhook));
        await _kubectl.SucceedAsync("apply", "-f", file);
        var rollout = await _kubectl.RunAsync("rollout", "status", "deployment/airwave-webhook", "-n", AirwaveChart.ReleaseNamespace, "--timeout=50s");
        if (rollout.ExitCode != 0)
        {
            var logs = await _kubectl.RunAsync("logs", "deployment/airwave-webhook", "-n", AirwaveChart.ReleaseNamespace);
            Assert.Fail($"the webhook's Deployment did not become ready: {rollout}\n{logs}");
        }

        return (webhook, file);
    }

    private const string WebhookAccount = $"system:serviceaccount:{AirwaveChart.ReleaseNamespace}:airwave-webhook";

    /// <summary>The webhook configuration replaced (an update, as the pods write it) by the webhook's account, with <paramref name="change"/> made to its first webhook.</summary>
    private async Task<ProcessResult> ReplaceAsWebhookAsync(Action<JsonNode> change)
    {
        var configuration = JsonNode.Parse(await _kubectl.SucceedAsync("get", "validatingwebhookconfiguration", "airwave-validation", "-o", "json"))!;
        change(configuration["webhooks"]![0]!);
        return await _kubectl.RunWithInputAsync(configuration.ToJsonString(), "replace", "-f", "-", $"--as={WebhookAccount}");
    }

    private Task<HttpResponseMessage> PostCallbackAsync(HttpClient http, string body, string signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://127.0.0.1:{_callbackPort}/callbacks/mux")) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Mux-Signature", signature);
        return http.SendAsync(request);
    }

    private static string Sign(string secret, string body)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={timestamp},v1={Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")))}";
    }

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
