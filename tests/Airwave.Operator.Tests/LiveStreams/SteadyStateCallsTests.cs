using Airwave.Sandbox.Aws;
using static Airwave.Operator.Tests.StatusOf;

namespace Airwave.Operator.Tests.LiveStreams;

/// <summary>What a settled stream costs in AWS calls at each resync: a few reads, and no writes.</summary>
public sealed class SteadyStateCallsTests(OperatorSandbox sandbox) : IClassFixture<OperatorSandbox>
{
    private AwsEmulator Aws => sandbox.Host.Aws!;

    [Fact]
    public async Task Settled_streams_only_read_and_read_at_most_three_things_per_resync()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        foreach (var (name, state, live) in new[] { ("running", "Running", false), ("on-air", "Running", true), ("stopped", "Stopped", false) })
        {
            await sandbox.ApplyAsync(ns, $$"""
                apiVersion: media.airwave.dev/v1alpha1
                kind: LiveStream
                metadata: { name: {{name}} }
                spec: { state: {{state}}, live: {{(live ? "true" : "false")}}, source: { type: RtmpPush }, playback: { encryption: { enabled: false } } }
                """);
        }

        foreach (var (name, phase) in new[] { ("running", "Running"), ("on-air", "Running"), ("stopped", "Idle") })
        {
            await sandbox.WaitForAsync(ns, "livestream", name, s => Phase(s) == phase, $"{name} {phase}");
        }

        await Task.Delay(2 * OperatorSandbox.ResyncInterval);
        var before = Aws.Inventory.Calls.Counts;
        await Task.Delay(5 * OperatorSandbox.ResyncInterval);
        var after = Aws.Inventory.Calls.Counts;

        var made = after.Select(kv => (kv.Key, Count: kv.Value - before.GetValueOrDefault(kv.Key))).Where(c => c.Count > 0).ToList();
        var summary = string.Join(", ", made.Select(c => $"{c.Key} {c.Count}"));
        // Every resync of a stream reads its channel once.
        var resyncs = made.Where(c => c.Key == "MediaLive.DescribeChannel").Sum(c => c.Count);
        Assert.True(resyncs >= 3 * 3, summary);
        Assert.All(made, c => Assert.Matches(@"^[A-Za-z]+\.(Describe|Get|List)", c.Key));
        Assert.True(made.Sum(c => c.Count) <= 3 * resyncs, $"{made.Sum(c => c.Count)} calls in {resyncs} resyncs: {summary}");
    }
}
