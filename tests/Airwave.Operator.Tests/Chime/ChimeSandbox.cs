using System.Text.Json.Nodes;
using static Airwave.Operator.Tests.StatusOf;

namespace Airwave.Operator.Tests.Chime;

/// <summary>
/// The sandbox for Chime streams: channels record what their connector pods push (from the pods' loopback addresses),
/// connectors are looked at every second, and downstream events stay in the outbox for the tests to read.
/// </summary>
public sealed class ChimeSandbox : OutboxSandbox
{
    protected override bool RunMedia => true;

    protected override IEnumerable<KeyValuePair<string, string?>> MoreSettings =>
    [
        .. base.MoreSettings,
        new("Operator:Sfu:EgressCidrs:0", "127.0.0.0/8"),
        new("Operator:Connector:CheckInterval", "00:00:01"),

        // An IVS recording is complete this long after its broadcast; the tests cut it soon after.
        new("Operator:IvsRecordingReconnectWindowSeconds", "2"),

        // One namespace may spend half a cent a month, and is stopped at it: a minute of an IVS channel passes it.
        new($"Operator:Budgets:{Thrifty}:MaxMonthlySpendUsd", "0.005"),
        new($"Operator:Budgets:{Thrifty}:StopAtLimit", "true"),
    ];

    /// <summary>The namespace whose budget stops its streams at half a cent.</summary>
    public const string Thrifty = "thrifty-meetings";

    /// <summary>An example's meeting URL replaced by <paramref name="meetingUrl"/> (the sandbox's stand-in meeting).</summary>
    public static string PointedAt(string example, string meetingUrl)
    {
        const string original = "https://app.chime.aws/meetings/v2?m=town-hall-2026-11";
        Assert.Contains(original, example, StringComparison.Ordinal);
        return example.Replace(original, meetingUrl, StringComparison.Ordinal);
    }

    /// <summary>The stream's Deployment and pod go with it (the garbage collector removes what it owned).</summary>
    public async Task NothingLeftAsync(string ns)
    {
        await Eventually.MatchAsync(
            async () => (
                Deployments: JsonNode.Parse(await Kubectl.SucceedAsync("get", "deployments", "-n", ns, "-o", "json"))!["items"]!.AsArray().Count,
                Pods: await ConnectorPodsAsync(ns),
                Policies: JsonNode.Parse(await Kubectl.SucceedAsync("get", "networkpolicies", "-n", ns, "-o", "json"))!["items"]!.AsArray().Count),
            left => left == (0, 0, 0),
            TimeSpan.FromSeconds(60),
            "no Deployment, connector pod or NetworkPolicy left");
    }

    public async Task<int> ConnectorPodsAsync(string ns)
    {
        var pods = JsonNode.Parse(await Kubectl.SucceedAsync("get", "pods", "-n", ns, "-l", "app.kubernetes.io/component=connector", "-o", "json"))!;
        return pods["items"]!.AsArray().Count;
    }

    public static (string? Status, string? Reason) StatusAndReason(JsonNode stream, string type) =>
        Condition(stream, type) is { } c ? ((string?)c["status"], (string?)c["reason"]) : (null, null);
}
