// Measures the controller runtime against the in-process sandbox API server and prints the figures
// next to the targets of issue 4. A benchmark, not a test: it reports, it does not fail on slow machines.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Benchmarks;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Configuration;
using Airwave.Kubernetes.Controllers;
using Airwave.Kubernetes.Informers;
using Airwave.Sandbox.Kubernetes;

const int CachedObjects = 10_000;
const int ReconciledObjects = 1_000;
const int LatencySamples = 300;

await using var server = await KubernetesApiServer.StartAsync(new KubernetesApiServerOptions { WatchHistorySize = 20_000 }, CancellationToken.None);
using var client = new KubernetesClient(new KubernetesClientConfiguration { Server = server.BaseAddress });

Console.WriteLine($"Creating {CachedObjects} config maps in the sandbox...");
await CreateConfigMapsAsync(client, "cache", CachedObjects);

// Informer memory: heap growth from filling the cache, measured after full collections.
var before = GC.GetTotalMemory(forceFullCollection: true);
var informer = new Informer<BenchConfigMap>(client, ResourceType.ConfigMaps, new InformerOptions { Namespaces = ["cache"] });
using (var stopInformer = new CancellationTokenSource())
{
    var run = informer.RunAsync(stopInformer.Token);
    await informer.WaitForSyncAsync(CancellationToken.None);
    var after = GC.GetTotalMemory(forceFullCollection: true);
    Report("Informer memory for 10,000 cached objects", $"{(after - before) / 1024.0 / 1024.0:F1} MB", "under 150 MB", after - before < 150L * 1024 * 1024);
    GC.KeepAlive(informer.Cache);
    await stopInformer.CancelAsync();
    await run;
}

// Throughput: 1,000 objects through a no-op reconciler from a cold queue.
await CreateConfigMapsAsync(client, "reconcile", ReconciledObjects);
var reconciler = new CountingReconciler();
var watched = new Informer<BenchConfigMap>(client, ResourceType.ConfigMaps, new InformerOptions { Namespaces = ["reconcile"] });
using var controller = new Controller<BenchConfigMap>(watched, reconciler, new ControllerOptions { Name = "benchmark", MaxConcurrentReconciles = 4 });
using var stop = new CancellationTokenSource();
var informerRun = watched.RunAsync(stop.Token);
await watched.WaitForSyncAsync(CancellationToken.None);
var started = Stopwatch.GetTimestamp();
var controllerRun = controller.RunAsync(stop.Token);
while (reconciler.Count < ReconciledObjects)
{
    await Task.Delay(TimeSpan.FromMilliseconds(1));
}

var elapsed = Stopwatch.GetElapsedTime(started);
var rate = ReconciledObjects / elapsed.TotalSeconds;
Report("Reconciles per second (1,000 objects, no-op reconciler)", rate.ToString("F0", CultureInfo.InvariantCulture), "over 500/s", rate > 500);

// Latency: from sending an update to the first reconcile of the version it produced.
var latencies = new List<double>(LatencySamples);
for (var i = 0; i < LatencySamples; i++)
{
    var name = $"cm-{i % ReconciledObjects}";
    var patch = KubernetesPatch.Merge(new JsonObject { ["data"] = new JsonObject { ["sample"] = i.ToString(CultureInfo.InvariantCulture) } });
    var sent = Stopwatch.GetTimestamp();
    var updated = await client.PatchAsync<BenchConfigMap>(ResourceType.ConfigMaps, "reconcile", name, patch, CancellationToken.None);
    long reconciledAt;
    while (!reconciler.FirstSeen.TryGetValue(updated.Metadata.ResourceVersion!, out reconciledAt))
    {
        await Task.Delay(TimeSpan.FromTicks(1000));
    }

    latencies.Add(Stopwatch.GetElapsedTime(sent, reconciledAt).TotalMilliseconds);
}

latencies.Sort();
var p50 = latencies[(int)(latencies.Count * 0.50)];
var p99 = latencies[(int)(latencies.Count * 0.99)];
Report("Event-to-reconcile latency p50", $"{p50:F1} ms", "", true);
Report("Event-to-reconcile latency p99", $"{p99:F1} ms", "under 50 ms", p99 < 50);

await stop.CancelAsync();
await Task.WhenAll(informerRun, controllerRun);

static void Report(string what, string value, string target, bool met) =>
    Console.WriteLine($"{what,-58} {value,12}   {(target.Length == 0 ? "" : $"target {target}: {(met ? "met" : "NOT met")}")}");

static async Task CreateConfigMapsAsync(KubernetesClient client, string @namespace, int count)
{
    await client.CreateAsync(
        new ResourceType("", "v1", "namespaces", "Namespace", Namespaced: false),
        new BenchConfigMap { Metadata = new ObjectMeta { Name = @namespace } },
        CancellationToken.None);

    // Objects of a realistic size: labels and a few hundred bytes of data. (No owner references: the
    // sandbox's garbage collector would delete objects whose owner does not exist.)
    await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        await client.CreateAsync(
            ResourceType.ConfigMaps,
            new BenchConfigMap
            {
                Metadata = new ObjectMeta
                {
                    Name = $"cm-{i}",
                    Namespace = @namespace,
                    Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "airwave", ["airwave.io/stream"] = $"stream-{i % 100}" },
                },
                Data = new Dictionary<string, string>
                {
                    ["channel"] = $"arn:aws:medialive:eu-west-1:123456789012:channel:{i}",
                    ["endpoint"] = $"https://abcdef{i}.mediapackage.eu-west-1.amazonaws.com/out/v1/{Guid.NewGuid():N}/index.m3u8",
                    ["settings"] = new string('x', 200),
                },
            },
            ct));
}
