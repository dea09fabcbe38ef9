using Airwave.Sandbox.Aws;
using static Airwave.Operator.Tests.StatusOf;

namespace Airwave.Operator.Tests.LiveStreams;

/// <summary>What streams cost in AWS calls: settled ones a few reads per resync and no writes; new ones no listing of the account each, and no second read of what AWS keeps for them.</summary>
public sealed class SteadyStateCallsTests(OperatorSandbox sandbox) : IClassFixture<OperatorSandbox>
{
    private AwsEmulator Aws => sandbox.Host.Aws!;

    [Fact]
    public async Task Settled_streams_only_read_and_read_three_things_per_resync_on_average()
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
        // Every resync of a stream reads its channel once; then a running one's alerts, the endpoint and, on the air,
        // the live distribution: two to four reads.
        var resyncs = made.Where(c => c.Key == "MediaLive.DescribeChannel").Sum(c => c.Count);
        Assert.True(resyncs >= 3 * 3, summary);
        Assert.All(made, c => Assert.Matches(@"^[A-Za-z]+\.(Describe|Get|List)", c.Key));
        Assert.True(made.Sum(c => c.Count) <= 3 * resyncs, $"{made.Sum(c => c.Count)} calls in {resyncs} resyncs: {summary}");
    }

    [Fact]
    public async Task New_streams_share_one_listing_of_each_kind_and_do_not_read_again_what_aws_keeps_for_them()
    {
        const int Streams = 6;
        var ns = await sandbox.CreateNamespaceAsync();
        var before = Aws.Inventory.Calls.Counts;
        await sandbox.ApplyAsync(ns, string.Join("\n---\n", Enumerable.Range(0, Streams).Select(i => $$"""
            apiVersion: media.airwave.dev/v1alpha1
            kind: LiveStream
            metadata: { name: new-{{i}} }
            spec: { state: Running, source: { type: RtmpPush }, playback: { encryption: { enabled: false } } }
            """)));
        for (var i = 0; i < Streams; i++)
        {
            await sandbox.WaitForAsync(ns, "livestream", $"new-{i}", s => Phase(s) == "Running", $"new-{i} Running");
        }

        var toRunning = Made(before, Aws.Inventory.Calls.Counts);
        var summary = string.Join(", ", toRunning.Select(c => $"{c.Key} {c.Value}"));

        // Adoption by tags needs the account's resources; one listing per kind serves every stream.
        Assert.All(toRunning.Where(c => ListsTheAccount(c.Key)), c => Assert.True(c.Value <= 1, summary));

        // The security group is created, then vouched for by its input; the MediaPackage channel is probed once
        // before it is created, then vouched for by its endpoint.
        Assert.Equal(Streams, toRunning.GetValueOrDefault("MediaLive.CreateInputSecurityGroup"));
        Assert.True(toRunning.GetValueOrDefault("MediaLive.DescribeInputSecurityGroup") <= Streams, summary);
        Assert.True(toRunning.GetValueOrDefault("MediaPackage.DescribeChannel") <= Streams, summary);

        var running = Aws.Inventory.Calls.Counts;
        await sandbox.Kubectl.SucceedAsync("delete", "-n", ns, "livestreams", "--all", "--wait=false");
        for (var i = 0; i < Streams; i++)
        {
            await sandbox.WaitForAsync(ns, "livestream", $"new-{i}", s => s is null, $"new-{i} deleted");
        }

        var teardown = Made(running, Aws.Inventory.Calls.Counts);
        Assert.Equal(AwsResourcesOf.None, AwsResourcesOf.Namespace(Aws, ns));

        // What the teardown deleted is not looked for again, by id or by tags.
        Assert.DoesNotContain(teardown, c => ListsTheAccount(c.Key));
    }

    /// <summary>A listing of the account's resources of a kind; ListAlerts reads one running channel's alerts.</summary>
    private static bool ListsTheAccount(string call) => call.StartsWith("MediaLive.List", StringComparison.Ordinal) && call != "MediaLive.ListAlerts";

    private static Dictionary<string, int> Made(IReadOnlyDictionary<string, int> before, IReadOnlyDictionary<string, int> after) =>
        after.Select(kv => (kv.Key, Count: kv.Value - before.GetValueOrDefault(kv.Key))).Where(c => c.Count > 0).ToDictionary(c => c.Key, c => c.Count);
}
