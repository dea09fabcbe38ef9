using System.Diagnostics;
using System.Runtime;
using System.Text.Json.Nodes;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Informers;

namespace Airwave.Kubernetes.Benchmarks;

/// <summary>
/// Airwave's informer on its own in a process, measured as tests/client-node/informer-benchmark.mjs measures the
/// JavaScript client's: time from creating it to a synced cache, memory after full collections, then CPU per update
/// event in windows of events once warm, and the time a second informer takes to sync in the warm process. Prints the
/// same JSON lines.
/// </summary>
internal static class InformerPeer
{
    public static async Task RunAsync(string kubeconfigPath, string @namespace, int warmup, int windows, int window)
    {
        using var client = new KubernetesClient(
            KubernetesAccess.Configuration(kubeconfigPath),
            new KubernetesClientOptions { Json = BenchJson.Options });
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var started = Stopwatch.GetTimestamp();
        var informer = new Informer<BenchConfigMap>(client, ResourceType.ConfigMaps, new InformerOptions { Namespaces = [@namespace] });
        var counter = new UpdateCounter(warmup, windows, window);
        informer.AddHandler(counter);
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(CancellationToken.None);
        var syncMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var heapBytes = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        Console.WriteLine(new JsonObject { ["syncMs"] = syncMs, ["cached"] = informer.Cache.Count, ["heapBytes"] = heapBytes, ["rssBytes"] = Environment.WorkingSet }.ToJsonString());

        var marks = await counter.Done;
        await stop.CancelAsync();
        await run;

        var again = Stopwatch.GetTimestamp();
        var second = new Informer<BenchConfigMap>(client, ResourceType.ConfigMaps, new InformerOptions { Namespaces = [@namespace] });
        using var stopSecond = new CancellationTokenSource();
        var secondRun = second.RunAsync(stopSecond.Token);
        await second.WaitForSyncAsync(CancellationToken.None);
        var warmSyncMs = Stopwatch.GetElapsedTime(again).TotalMilliseconds;
        await stopSecond.CancelAsync();
        await secondRun;
        Console.WriteLine(new JsonObject
        {
            ["cpuMicrosPerEvent"] = new JsonArray([.. marks.Skip(1).Select((mark, i) => JsonValue.Create((mark.Cpu - marks[i].Cpu).TotalMicroseconds / window))]),
            ["warmSyncMs"] = warmSyncMs,
            ["compiledInWindows"] = marks[^1].CompiledMethods - marks[0].CompiledMethods,
        }.ToJsonString());
    }

    /// <summary>The process's CPU time, and how many methods the runtime had compiled, at an event.</summary>
    private sealed record Mark(TimeSpan Cpu, long CompiledMethods);

    private sealed class UpdateCounter(int warmup, int windows, int window) : IResourceChangeHandler<BenchConfigMap>
    {
        private readonly TaskCompletionSource<List<Mark>> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<Mark> _marks = [];
        private int _seen;

        /// <summary>The marks at the first event after the warm-up and at the end of each window.</summary>
        public Task<List<Mark>> Done => _done.Task;

        public void OnAdd(BenchConfigMap resource)
        {
        }

        public void OnUpdate(BenchConfigMap oldResource, BenchConfigMap newResource)
        {
            // The informer reports changes one at a time.
            var seen = ++_seen;
            if (seen == warmup)
            {
                Console.WriteLine(new JsonObject { ["warm"] = true }.ToJsonString());
            }

            if (seen > warmup && (seen - warmup - 1) % window == 0)
            {
                _marks.Add(new Mark(Process.GetCurrentProcess().TotalProcessorTime, JitInfo.GetCompiledMethodCount()));
                if (_marks.Count == windows + 1)
                {
                    _done.TrySetResult(_marks);
                }
            }
        }

        public void OnDelete(BenchConfigMap resource)
        {
        }
    }
}
