using System.Text.Json.Nodes;
using static Airwave.Operator.Tests.StatusOf;

namespace Airwave.Operator.Tests.LiveStreams;

/// <summary>
/// An installation that lets each namespace run one channel at a time, and resyncs settled streams too rarely for a
/// test to wait for: a waiting stream that starts was woken by the stop of another.
/// </summary>
public sealed class OneChannelPerNamespaceSandbox : OperatorSandbox
{
    protected override IEnumerable<KeyValuePair<string, string?>> MoreSettings =>
        [new("Operator:MaxRunningChannelsPerNamespace", "1"), new("Operator:Budgets:roomy:MaxRunningChannels", "2"), new("Operator:ResyncInterval", "10m")];
}

/// <summary>maxRunningChannelsPerNamespace as a tenant meets it: a second stream waits, and starts when the first stops.</summary>
public sealed class RunningChannelQuotaTests(OneChannelPerNamespaceSandbox sandbox) : IClassFixture<OneChannelPerNamespaceSandbox>
{
    private static string? ReadyReason(JsonNode? stream) =>
        (string?)stream?["status"]?["conditions"]?.AsArray().SingleOrDefault(c => (string?)c!["type"] == "Ready")?["reason"];

    [Fact]
    public async Task A_stream_over_the_namespace_limit_waits_idle_and_starts_when_a_slot_frees()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        var elsewhere = await sandbox.CreateNamespaceAsync();
        await sandbox.ApplyStreamAsync(ns, "first");
        await sandbox.WaitForAsync(ns, "livestream", "first", s => Phase(s) == "Running", "first Running");
        await sandbox.ApplyStreamAsync(ns, "second");
        await sandbox.ApplyStreamAsync(elsewhere, "other-team");

        var waiting = await sandbox.WaitForAsync(ns, "livestream", "second", s => ReadyReason(s) == "QuotaExceeded", "second waiting for a slot");
        await sandbox.WaitForAsync(elsewhere, "livestream", "other-team", s => Phase(s) == "Running", "another namespace's stream Running");
        var events = await sandbox.Kubectl.SucceedAsync("get", "events", "-n", ns, "--field-selector", "reason=QuotaExceeded", "-o", "json");
        var channelsWhileWaiting = sandbox.Host.Aws!.Inventory.MediaLiveChannels.Count(c => c.Name?.EndsWith($"{ns}-second", StringComparison.Ordinal) == true && c.State != Airwave.Aws.MediaLive.ChannelState.Idle);

        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "livestream", "first", "--type=merge", "-p", """{"spec":{"state":"Stopped"}}""");
        var started = await sandbox.WaitForAsync(ns, "livestream", "second", s => Phase(s) == "Running", "second Running once first stopped");

        Assert.Equal("Idle", Phase(waiting));
        Assert.Contains("namespace " + ns + " already runs 1 of its 1 channels (maxRunningChannelsPerNamespace)", (string?)waiting!["status"]!["conditions"]!.AsArray().Single(c => (string?)c!["type"] == "Ready")!["message"], StringComparison.Ordinal);
        Assert.Empty(waiting["status"]!["sessions"]!.AsArray());
        Assert.Single(JsonNode.Parse(events)!["items"]!.AsArray());
        Assert.Equal(0, channelsWhileWaiting);
        Assert.Equal("Running", ReadyReason(started));
        Assert.Equal("Idle", Phase(await sandbox.GetAsync(ns, "livestream", "first")));
    }

    [Fact]
    public async Task A_namespace_whose_budget_allows_two_channels_runs_two_at_once()
    {
        await sandbox.Kubectl.SucceedAsync("create", "namespace", "roomy");
        await sandbox.ApplyStreamAsync("roomy", "first");
        await sandbox.ApplyStreamAsync("roomy", "second");

        var first = await sandbox.WaitForAsync("roomy", "livestream", "first", s => Phase(s) == "Running", "first Running");
        var second = await sandbox.WaitForAsync("roomy", "livestream", "second", s => Phase(s) == "Running", "second Running beside it");

        Assert.Equal(("Running", "Running"), (ReadyReason(first), ReadyReason(second)));
    }
}
