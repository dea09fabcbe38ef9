using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Airwave.Kubernetes.Client;

namespace Airwave.Kubernetes.Benchmarks;

/// <summary>What one run of an informer in its own process reported (see InformerPeer and informer-benchmark.mjs).</summary>
internal sealed record PeerFigures(
    double SyncMs,
    double WarmSyncMs,
    int Cached,
    double HeapBytes,
    double RssBytes,
    IReadOnlyList<double> CpuMicrosPerEvent,
    double VoluntarySwitchesPerEvent,
    double InvoluntarySwitchesPerEvent,
    double? CompiledInWindows)
{
    /// <summary>Starts the informer's process, waits for its synced cache, changes the objects it watches, and reads what it measured.</summary>
    public static async Task<PeerFigures> MeasureAsync((string File, string[] Arguments) command, PeerLoad load, int run, KubernetesClient client)
    {
        var start = new ProcessStartInfo(command.File) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in command.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {command.File}");
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var synced = JsonNode.Parse(await ReadLineAsync(process, errors, timeout.Token))!;

            // Each update is one watch event for the informer: a new value in one object's data. The warm-up comes in
            // rounds with pauses between them, as a running operator's load does: a runtime compiles hot code again,
            // optimized, in the background once it has been called often (.NET in two steps, the first instrumented),
            // and a pause lets each step finish before the next round calls the new code. The measured windows open
            // at the first event after the last pause, so the pauses themselves cost nothing in them.
            var round = Math.Max(1, (load.Warmup + PeerLoad.WarmupRounds - 1) / PeerLoad.WarmupRounds);
            for (var from = 0; from < load.Warmup; from += round)
            {
                await UpdateAsync(client, $"{command.File}-{run}", from, Math.Min(round, load.Warmup - from), timeout.Token);
                if (from + round < load.Warmup)
                {
                    await Task.Delay(PeerLoad.Pause, timeout.Token);
                }
            }

            JsonNode.Parse(await ReadLineAsync(process, errors, timeout.Token));
            await Task.Delay(PeerLoad.Pause, timeout.Token);

            // Read from outside, the same way for both runtimes, around the measured events (the last few may still be
            // in flight when the last change is acknowledged: a slight undercount, alike for both).
            var switchesBefore = ThreadSwitches.Read(process.Id);
            await UpdateAsync(client, $"{command.File}-{run}", load.Warmup, load.Updates - load.Warmup, timeout.Token);
            var switches = ThreadSwitches.Read(process.Id) - switchesBefore;
            var measuredEvents = (double)(load.Updates - load.Warmup);
            var measured = JsonNode.Parse(await ReadLineAsync(process, errors, timeout.Token))!;
            await process.WaitForExitAsync(timeout.Token);
            return new PeerFigures(
                synced["syncMs"]!.GetValue<double>(),
                measured["warmSyncMs"]!.GetValue<double>(),
                synced["cached"]!.GetValue<int>(),
                synced["heapBytes"]!.GetValue<double>(),
                synced["rssBytes"]!.GetValue<double>(),
                [.. measured["cpuMicrosPerEvent"]!.AsArray().Select(w => w!.GetValue<double>())],
                switches.Voluntary / measuredEvents,
                switches.Involuntary / measuredEvents,
                measured["compiledInWindows"]?.GetValue<double>());
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    private static Task UpdateAsync(KubernetesClient client, string value, int from, int count, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(Enumerable.Range(from, count), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (i, ct) =>
            await client.PatchAsync<BenchConfigMap>(
                ResourceType.ConfigMaps,
                "cache",
                $"cm-{i % 10_000}",
                KubernetesPatch.Merge(new JsonObject { ["data"] = new JsonObject { ["peer-run"] = $"{value}-{i}" } }),
                ct));

    private static async Task<string> ReadLineAsync(Process process, Task<string> errors, CancellationToken cancellationToken) =>
        await process.StandardOutput.ReadLineAsync(cancellationToken)
            ?? throw new InvalidOperationException($"{process.StartInfo.FileName} ended without its figures: {await errors}");
}

/// <summary>The changes an informer sees: a warm-up, then the windows whose CPU is measured (one more event opens them).</summary>
internal sealed record PeerLoad(int Warmup, int Windows, int Window)
{
    public const int WarmupRounds = 4;
    public static readonly TimeSpan Pause = TimeSpan.FromSeconds(2);

    public int Updates => Warmup + 1 + (Windows * Window);

    /// <summary>As both peers take them on their command line.</summary>
    public IEnumerable<string> Arguments => new[] { Warmup, Windows, Window }.Select(n => n.ToString(CultureInfo.InvariantCulture));
}
