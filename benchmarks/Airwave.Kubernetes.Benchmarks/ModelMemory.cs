using System.Diagnostics;
using System.Globalization;
using Airwave.Benchmarking;
using Airwave.Kubernetes.Client;
using k8s;

namespace Airwave.Kubernetes.Benchmarks;

/// <summary>
/// The objects of an informer's cache held as Airwave's records and as the official client's typed models
/// (k8s.Models), read by one list each, in alternating rounds: the heap each set keeps after full collections, and
/// how long reading the list took. What an informer over either would hold per object, before its indexes.
/// </summary>
internal static class ModelMemory
{
    public const int Objects = 10_000;

    public static async Task RunAsync(KubernetesClient client, string @namespace, int rounds)
    {
        var airwave = new List<(double Bytes, double Milliseconds)>();
        var typed = new List<(double Bytes, double Milliseconds)>();
        for (var round = 0; round < rounds; round++)
        {
            airwave.Add(await MeasureAsync(async () =>
                (await client.ListAsync<BenchConfigMap>(ResourceType.ConfigMaps, @namespace, null, CancellationToken.None)).Items.ToDictionary(c => c.Metadata.Name!, StringComparer.Ordinal)));
            typed.Add(await MeasureAsync(async () =>
                (await client.Api.CoreV1.ListNamespacedConfigMapAsync(@namespace, cancellationToken: CancellationToken.None)).Items.ToDictionary(c => c.Metadata.Name, StringComparer.Ordinal)));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round + 1}: Airwave {airwave[^1].Bytes / 1024 / 1024:F1} MB in {airwave[^1].Milliseconds:F0} ms, k8s.Models {typed[^1].Bytes / 1024 / 1024:F1} MB in {typed[^1].Milliseconds:F0} ms"));
        }

        Console.WriteLine();
        Console.WriteLine($"{Objects:N0} ConfigMaps held after one list, medians of {rounds} rounds:");
        Console.WriteLine($"{"",-36} {"Airwave",10} {"k8s.Models",10} {"ratio",7}");
        Row("Heap kept (MB)", airwave.Select(r => r.Bytes / 1024 / 1024), typed.Select(r => r.Bytes / 1024 / 1024));
        Row("Heap kept per object (bytes)", airwave.Select(r => r.Bytes / Objects), typed.Select(r => r.Bytes / Objects));
        Row("List read and decoded (ms)", airwave.Select(r => r.Milliseconds), typed.Select(r => r.Milliseconds));
    }

    /// <summary>The heap a set keeps: the growth from reading it, both ends after a full collection.</summary>
    private static async Task<(double Bytes, double Milliseconds)> MeasureAsync<T>(Func<Task<Dictionary<string, T>>> read)
    {
        // The previous round's set stays reachable for a moment after its read returned, while the request's
        // completion finishes on the thread pool (measured: without the pause each round's figure is off by the
        // other side's set); a pause outlasts it.
        await Task.Delay(TimeSpan.FromMilliseconds(100));
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var started = Stopwatch.GetTimestamp();
        var held = await read();
        var elapsed = Stopwatch.GetElapsedTime(started);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        if (held.Count != Objects)
        {
            throw new InvalidOperationException($"the list held {held.Count} objects, not {Objects}");
        }

        return (after - before, elapsed.TotalMilliseconds);
    }

    private static void Row(string what, IEnumerable<double> airwave, IEnumerable<double> typed)
    {
        var (ours, theirs) = (Statistics.Median(airwave), Statistics.Median(typed));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what,-36} {ours,10:F1} {theirs,10:F1} {ours / theirs,6:F2}x"));
    }
}
