using System.Text.Json.Nodes;
using Airwave.Aws.MediaLive;
using static Airwave.Operator.Tests.StatusOf;

namespace Airwave.Operator.Tests.LiveStreams;

/// <summary>
/// A stream's sessions exist only in its status and in the events sent downstream: neither may claim a session
/// the other does not have.
/// </summary>
public sealed class LiveStreamHistoryTests(OutboxSandbox sandbox) : IClassFixture<OutboxSandbox>
{
    [Fact]
    public async Task Stream_started_goes_out_only_once_status_records_its_session_and_with_the_same_id()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        List<JsonNode> whileUnrecorded;
        using (sandbox.Host.Kubernetes.Faults.FailWhile(r => r.Subresource == "status" && r.Namespace == ns, 500))
        {
            await sandbox.ApplyStreamAsync(ns, "announced");
            // The channel runs in AWS, while no status write gets through to record its session.
            await Eventually.MatchAsync(
                () => sandbox.Host.Aws!.Inventory.MediaLiveChannels.Where(c => c.Tags?.GetValueOrDefault("airwave.dev/namespace") == ns).Select(c => c.State).ToList(),
                states => states is [ChannelState.Running],
                OperatorSandbox.Timeout,
                "the channel running in AWS");
            await Task.Delay(3 * OperatorSandbox.ResyncInterval);
            whileUnrecorded = await StartedAsync(ns);
        }

        var running = await sandbox.WaitForAsync(ns, "livestream", "announced", s => Phase(s) == "Running", "announced Running once status is written");
        var sessionId = running!["status"]!["currentSessionId"]!.GetValue<string>();
        var started = await Eventually.MatchAsync(() => StartedAsync(ns), events => events.Count > 0, OperatorSandbox.Timeout, "stream.started in the outbox");

        Assert.Empty(whileUnrecorded);
        Assert.Equal(sessionId, Assert.Single(running["status"]!["sessions"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Equal([sessionId], started.Select(e => e["data"]!["session_id"]!.GetValue<string>()).Distinct());
    }

    [Fact]
    public async Task Status_keeps_the_newest_fifty_sessions()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        await sandbox.ApplyStreamAsync(ns, "veteran");
        await sandbox.WaitForAsync(ns, "livestream", "veteran", s => Phase(s) == "Running", "veteran Running");
        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "livestream", "veteran", "--type=merge", "-p", """{"spec":{"state":"Stopped"}}""");
        await sandbox.WaitForAsync(ns, "livestream", "veteran", s => Phase(s) == "Idle", "veteran Idle");
        // Fifty sessions of the past, as a stream started every day for two months has.
        var past = new JsonArray([.. Enumerable.Range(1, 50).Select(n => (JsonNode)new JsonObject
        {
            ["id"] = $"past-{n:00}",
            ["startedAt"] = $"2026-01-{(n % 28) + 1:00}T10:00:00Z",
            ["stoppedAt"] = $"2026-01-{(n % 28) + 1:00}T11:00:00Z",
        })]);
        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "livestream", "veteran", "--subresource=status", "--type=merge", "-p", new JsonObject { ["status"] = new JsonObject { ["sessions"] = past } }.ToJsonString());

        await sandbox.Kubectl.SucceedAsync("patch", "-n", ns, "livestream", "veteran", "--type=merge", "-p", """{"spec":{"state":"Running"}}""");
        var running = await sandbox.WaitForAsync(ns, "livestream", "veteran", s => Phase(s) == "Running" && s!["status"]?["currentSessionId"] is not null, "veteran Running again");

        var sessions = running!["status"]!["sessions"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(50, sessions.Count);
        Assert.Equal("past-02", sessions[0]);
        Assert.Equal(running["status"]!["currentSessionId"]!.GetValue<string>(), sessions[^1]);
    }

    private async Task<List<JsonNode>> StartedAsync(string @namespace) =>
        [.. (await sandbox.OutboxEventsAsync()).Where(e => (string?)e["type"] == "dev.airwave.stream.started" && ((string?)e["subject"] ?? "").StartsWith($"{@namespace}/", StringComparison.Ordinal))];
}
