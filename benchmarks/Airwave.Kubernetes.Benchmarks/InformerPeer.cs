using System.Diagnostics;
using System.Text.Json;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Configuration;
using Airwave.Kubernetes.Informers;

namespace Airwave.Kubernetes.Benchmarks;

/// <summary>
/// Airwave's informer on its own in a process, measured as tests/client-node/informer-benchmark.mjs measures the
/// JavaScript client's: time from creating it to a synced cache, memory after full collections, then CPU per update
/// event once warm. Prints the same JSON lines.
/// </summary>
internal static class InformerPeer
{
    public static async Task RunAsync(string kubeconfigPath, string @namespace, int events, int warmup)
    {
        using var client = new KubernetesClient(
            KubernetesClientConfiguration.FromKubeconfig(KubeconfigLoader.LoadFile(kubeconfigPath)),
            new KubernetesClientOptions { Json = BenchJson.Options });
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var started = Stopwatch.GetTimestamp();
        var informer = new Informer<BenchConfigMap>(client, ResourceType.ConfigMaps, new InformerOptions { Namespaces = [@namespace] });
        var counter = new UpdateCounter(events, warmup);
        informer.AddHandler(counter);
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(CancellationToken.None);
        var syncMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var heapBytes = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        Console.WriteLine(JsonSerializer.Serialize(new { syncMs, cached = informer.Cache.Count, heapBytes, rssBytes = Environment.WorkingSet }));

        await counter.Done;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - counter.CpuAtWarm;
        Console.WriteLine(JsonSerializer.Serialize(new { cpuMicrosPerEvent = cpu.TotalMicroseconds / (events - warmup - 1) }));
        await stop.CancelAsync();
        await run;
    }

    private sealed class UpdateCounter(int events, int warmup) : IResourceChangeHandler<BenchConfigMap>
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _seen;

        public Task Done => _done.Task;

        public TimeSpan CpuAtWarm { get; private set; }

        public void OnAdd(BenchConfigMap resource)
        {
        }

        public void OnUpdate(BenchConfigMap oldResource, BenchConfigMap newResource)
        {
            var seen = Interlocked.Increment(ref _seen);
            if (seen == warmup)
            {
                Console.WriteLine(JsonSerializer.Serialize(new { warm = true }));
            }

            if (seen == warmup + 1)
            {
                CpuAtWarm = Process.GetCurrentProcess().TotalProcessorTime;
            }

            if (seen == events)
            {
                _done.TrySetResult();
            }
        }

        public void OnDelete(BenchConfigMap resource)
        {
        }
    }
}
