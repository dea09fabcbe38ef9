// Measures the controller runtime against the in-process sandbox API server and prints the figures next to their
// targets, then Airwave's informer side by side with the official JavaScript client's (@kubernetes/client-node, as
// tests/install-tools.sh installs it), each in a process of its own. A benchmark, not a test: it reports, it does not
// fail on slow machines. "informer-peer" runs the Airwave side of that comparison (see InformerPeer).
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Airwave.Benchmarking;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Benchmarks;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Controllers;
using Airwave.Kubernetes.Informers;
using Airwave.Sandbox.Kubernetes;

if (args is ["informer-peer", var peerKubeconfig, var peerNamespace, var peerWarmup, var peerWindows, var peerWindow])
{
    await InformerPeer.RunAsync(peerKubeconfig, peerNamespace, Number(peerWarmup), Number(peerWindows), Number(peerWindow));
    return;
}

if (args is ["failover", var failoverRounds])
{
    await using var electionServer = await KubernetesApiServer.StartAsync(new KubernetesApiServerOptions { Https = true }, CancellationToken.None);
    var electionKubeconfig = electionServer.WriteKubeconfig(Path.Combine(Path.GetTempPath(), $"airwave-failover-benchmark-{Environment.ProcessId}.kubeconfig"));
    try
    {
        await Failover.RunAsync(electionKubeconfig, Number(failoverRounds));
    }
    finally
    {
        File.Delete(electionKubeconfig);
    }

    return;
}

if (args is ["models", var modelRounds])
{
    await using var modelServer = await KubernetesApiServer.StartAsync(new KubernetesApiServerOptions { Https = true }, CancellationToken.None);
    var modelKubeconfig = modelServer.WriteKubeconfig(Path.Combine(Path.GetTempPath(), $"airwave-models-benchmark-{Environment.ProcessId}.kubeconfig"));
    try
    {
        using var modelClient = new KubernetesClient(KubernetesAccess.Configuration(modelKubeconfig), new KubernetesClientOptions { Json = BenchJson.Options });
        await CreateConfigMapsAsync(modelClient, "cache", ModelMemory.Objects);
        await ModelMemory.RunAsync(modelClient, "cache", Number(modelRounds));
    }
    finally
    {
        File.Delete(modelKubeconfig);
    }

    return;
}

// "native-peer PATH": a native build of this program (dotnet publish -p:PublishAot=true), whose informer-peer mode runs
// beside the other two in the side-by-side comparison, as the operator's image runs its informers.
var nativePeer = args is ["native-peer", var nativePath] ? Path.GetFullPath(nativePath) : null;

const int CachedObjects = 10_000;
const int ReconciledObjects = 1_000;
const int LatencySamples = 300;
const int PeerRuns = 5;
const int PeerWarmup = 8_000;
const int PeerWindows = 4;
const int PeerWindow = 1_000;

// Over TLS, as clusters serve it (the JavaScript client refuses plain HTTP), and reached through the kubeconfig as any client would.
await using var server = await KubernetesApiServer.StartAsync(new KubernetesApiServerOptions { WatchHistorySize = 20_000, Https = true }, CancellationToken.None);
var kubeconfig = server.WriteKubeconfig(Path.Combine(Path.GetTempPath(), $"airwave-informer-benchmark-{Environment.ProcessId}.kubeconfig"));
using var client = new KubernetesClient(KubernetesAccess.Configuration(kubeconfig), new KubernetesClientOptions { Json = BenchJson.Options });

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

// Side by side: each informer fills its cache with the 10,000 objects, then sees them change. The first PeerWarmup
// changes, in rounds (see PeerFigures), warm it up (both runtimes compile hot code again, optimised, while it runs);
// the CPU of the next PeerWindows windows of PeerWindow events is what an event costs a long-running operator. Runs
// alternate between the two, and the medians (of all windows, for CPU) are compared.
try
{
    var load = new PeerLoad(PeerWarmup, PeerWindows, PeerWindow);
    var figures = new Dictionary<string, List<PeerFigures>> { ["Airwave"] = [] };
    if (nativePeer is not null)
    {
        figures["Airwave AOT"] = [];
    }

    figures["client-node"] = [];
    for (var run = 0; run < PeerRuns; run++)
    {
        foreach (var peer in figures.Keys)
        {
            var measuredRun = await PeerFigures.MeasureAsync(PeerCommand(peer, kubeconfig, load, nativePeer), load, run, client);
            if (measuredRun.Cached != CachedObjects)
            {
                throw new InvalidOperationException($"{peer}'s informer synced {measuredRun.Cached} objects, not {CachedObjects}");
            }

            figures[peer].Add(measuredRun);
        }
    }

    Console.WriteLine();
    Console.WriteLine($"Informers side by side: {CachedObjects:N0} cached objects, {PeerWindows} windows of {PeerWindow:N0} update events measured after {PeerWarmup:N0}, medians of {PeerRuns} runs each");
    var ours = figures.Keys.Where(peer => peer != "client-node").ToList();
    Console.WriteLine($"{"",-44} {string.Concat(ours.Select(peer => $"{peer,12} {"ratio",7} "))}{"client-node",12}");
    Compare("Creation to synced cache, new process (ms)", f => [f.SyncMs], "at most 1.0");
    Compare("Creation to synced cache, warm process (ms)", f => [f.WarmSyncMs], "at most 1.0");
    Compare("CPU per watch event once warm (µs)", f => f.CpuMicrosPerEvent, "at most 1.0");
    Compare("Threads waiting per watch event", f => [f.VoluntarySwitchesPerEvent], "");
    Compare("Threads preempted or yielding per event", f => [f.InvoluntarySwitchesPerEvent], "");
    Compare("Heap after full collection (MB)", f => [f.HeapBytes / 1024.0 / 1024.0], "");
    Compare("Process resident memory (MB)", f => [f.RssBytes / 1024.0 / 1024.0], "");
    var compiled = figures["Airwave"].Select(f => f.CompiledInWindows ?? 0).ToList();
    Console.WriteLine($"Methods Airwave's runtime compiled during the measured windows, per run: {string.Join(", ", compiled)}");

    // Each of Airwave's builds against client-node's; the target holds for the last (the native build, when given).
    void Compare(string what, Func<PeerFigures, IEnumerable<double>> figure, string target)
    {
        var theirs = Statistics.Median(figures["client-node"].SelectMany(figure));
        var ratios = ours.Select(peer => Statistics.Median(figures[peer].SelectMany(figure)))
            .Select(value => (Value: value, Ratio: value / theirs))
            .ToList();
        var verdict = target.Length == 0 ? "" : $"   target {target}: {(ratios[^1].Ratio <= 1.0 ? "met" : "NOT met")}";
        var columns = string.Concat(ratios.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Value,12:F2} {r.Ratio,6:F2}x ")));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what,-44} {columns}{theirs,12:F2}{verdict}"));
    }
}
finally
{
    File.Delete(kubeconfig);
}

static int Number(string text) => int.Parse(text, CultureInfo.InvariantCulture);

// The same program for Airwave (its informer-peer mode; its native build for "Airwave AOT"), node with the JavaScript
// client's script for the peer.
static (string File, string[] Arguments) PeerCommand(string peer, string kubeconfig, PeerLoad load, string? nativePeer)
{
    string[] measured = [kubeconfig, "cache", .. load.Arguments];
    if (peer == "client-node")
    {
        return ("node", ["--expose-gc", Path.Combine(RepositoryRoot(), "tests", "client-node", "informer-benchmark.mjs"), .. measured]);
    }

    if (peer == "Airwave AOT")
    {
        return (nativePeer!, ["informer-peer", .. measured]);
    }

    var self = Environment.ProcessPath!;
    return Path.GetFileNameWithoutExtension(self) == "dotnet"
        ? (self, [typeof(InformerPeer).Assembly.Location, "informer-peer", .. measured])
        : (self, ["informer-peer", .. measured]);
}

static string RepositoryRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "Operator.sln")))
        {
            return directory.FullName;
        }
    }

    throw new InvalidOperationException($"no repository above {AppContext.BaseDirectory}");
}

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
