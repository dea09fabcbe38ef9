using System.Globalization;
using System.Text.Json.Nodes;
using Airwave.Api.Common;
using Airwave.Api.Validation;
using static Airwave.Operator.Tests.StatusOf;

namespace Airwave.Operator.Tests.LiveStreams;

/// <summary>
/// An installation whose namespace thrifty may spend half a cent a month and is stopped at it, and whose namespace
/// lenient may spend as much but runs on: one minute of a channel passes either.
/// </summary>
public sealed class SpendLimitSandbox : OutboxSandbox
{
    public const string Stopping = "thrifty";
    public const string RunningOn = "lenient";

    protected override IEnumerable<KeyValuePair<string, string?>> MoreSettings =>
    [
        .. base.MoreSettings,
        new("Operator:MaxMonthlySpendUsdPerNamespace", "0.005"),
        new($"Operator:Budgets:{Stopping}:StopAtLimit", "true"),
    ];
}

/// <summary>A namespace's monthly spend limit as its tenants meet it: streams told, or stopped, once their spend reaches it.</summary>
public sealed class MonthlySpendLimitTests(SpendLimitSandbox sandbox) : IClassFixture<SpendLimitSandbox>
{
    private static readonly TimeSpan AMinuteAndResyncs = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task At_the_namespaces_monthly_limit_a_stream_is_stopped_where_the_budget_says_so_and_told_elsewhere()
    {
        await sandbox.Kubectl.SucceedAsync("create", "namespace", SpendLimitSandbox.Stopping);
        await sandbox.Kubectl.SucceedAsync("create", "namespace", SpendLimitSandbox.RunningOn);
        await sandbox.ApplyStreamAsync(SpendLimitSandbox.Stopping, "weekend");
        await sandbox.ApplyStreamAsync(SpendLimitSandbox.RunningOn, "keynote");

        // Spend is counted in whole minutes of running: the first minute of a channel passes half a cent.
        var stopped = (await Eventually.MatchAsync(
            () => sandbox.GetAsync(SpendLimitSandbox.Stopping, "livestream", "weekend"),
            s => Phase(s) == "Idle" && s?["status"]?["sessions"]?[0]?["stoppedAt"] is not null,
            AMinuteAndResyncs,
            "weekend stopped at the spend limit"))!;
        var runningOn = (await Eventually.MatchAsync(
            () => sandbox.GetAsync(SpendLimitSandbox.RunningOn, "livestream", "keynote"),
            s => (string?)Condition(s, "QuotaExceeded")?["status"] == "True",
            AMinuteAndResyncs,
            "keynote told of the spend limit"))!;
        var announced = await Eventually.MatchAsync(
            sandbox.OutboxEventsAsync,
            e => e.Any(Of("stream.stopped", "weekend")) && e.Any(Of("stream.quota_exceeded", "weekend")) && e.Any(Of("stream.quota_exceeded", "keynote")),
            OperatorSandbox.Timeout,
            "the limit and the stop announced");
        var events = JsonNode.Parse(await sandbox.Kubectl.SucceedAsync("get", "events", "-n", SpendLimitSandbox.Stopping, "--field-selector", "reason=QuotaExceeded", "-o", "json"))!["items"]!.AsArray();

        // Stopped: the session ended for the quota, the stream waits for next month (or a higher limit), and says so.
        var month = SpendMonth.Of(DateTimeOffset.UtcNow).Name;
        Assert.Equal("QuotaExceeded", (string?)stopped["status"]!["sessions"]![0]!["stopReason"]);
        Assert.Equal(("True", "StoppedAtLimit"), ((string?)Condition(stopped, "QuotaExceeded")!["status"], (string?)Condition(stopped, "QuotaExceeded")!["reason"]));
        var ready = Condition(stopped, "Ready")!;
        Assert.Equal("QuotaExceeded", (string?)ready["reason"]);
        Assert.Contains($"namespace {SpendLimitSandbox.Stopping} has spent an estimated $0.0", (string?)ready["message"], StringComparison.Ordinal);
        Assert.Contains("of its $0.005 this month (maxMonthlySpendUsdPerNamespace); the stream starts when the month ends", (string?)ready["message"], StringComparison.Ordinal);
        Assert.Equal(month, (string?)stopped["status"]!["cost"]!["month"]);
        Assert.True(Dollars(stopped["status"]!["cost"]!["monthToDate"]) >= 0.005m, stopped["status"]!["cost"]!.ToJsonString());
        Assert.Contains(events, e => ((string?)e!["message"])?.StartsWith("Stopped channel ", StringComparison.Ordinal) == true);
        Assert.Equal("quota_exceeded", (string?)announced.Single(Of("stream.stopped", "weekend"))["data"]!["stop_reason"]);

        // Told: the stream runs on, and says why it may cost more than its namespace's limit.
        Assert.Equal("Running", Phase(runningOn));
        Assert.Equal("MonthlySpendLimit", (string?)Condition(runningOn, "QuotaExceeded")!["reason"]);
        Assert.Contains("the stream runs on", (string?)Condition(runningOn, "QuotaExceeded")!["message"], StringComparison.Ordinal);
        Assert.Equal("True", (string?)Condition(runningOn, "Ready")!["status"]);

        // The platform team's view: each namespace's spend this month beside its limit.
        using var http = new HttpClient();
        var metrics = (await http.GetStringAsync(new Uri(sandbox.Host.OperatorAddress!, "/metrics"))).Split('\n');
        Assert.Contains($"airwave_namespace_spend_limit_usd{{namespace=\"{SpendLimitSandbox.Stopping}\"}} 0.005", metrics);
        var spent = metrics.Single(l => l.StartsWith($"airwave_namespace_spend_usd{{namespace=\"{SpendLimitSandbox.Stopping}\"}} ", StringComparison.Ordinal));
        Assert.True(double.Parse(spent.Split(' ')[1], CultureInfo.InvariantCulture) >= 0.005, spent);

        // Deleting the stream hands none of its spend back: the spend ledger keeps it, and the next stream waits.
        var uid = (string)stopped["metadata"]!["uid"]!;
        await sandbox.Kubectl.SucceedAsync("delete", "livestream", "weekend", "-n", SpendLimitSandbox.Stopping, "--timeout=120s");
        var ledger = JsonNode.Parse(await sandbox.Kubectl.SucceedAsync("get", "configmap", SpendLedger.ConfigMapName, "-n", OutboxSandbox.OutboxNamespace, "-o", "json"))!;
        await sandbox.ApplyStreamAsync(SpendLimitSandbox.Stopping, "monday");
        var waiting = (await Eventually.MatchAsync(
            () => sandbox.GetAsync(SpendLimitSandbox.Stopping, "livestream", "monday"),
            s => (string?)Condition(s, "Ready")?["reason"] == "QuotaExceeded",
            OperatorSandbox.Timeout,
            "monday waiting at the spend limit"))!;
        Assert.StartsWith($"{month} 0.0", (string?)ledger["data"]![$"{SpendLimitSandbox.Stopping}.{uid}"], StringComparison.Ordinal);
        Assert.Equal("Idle", Phase(waiting));
        Assert.Empty(waiting["status"]!["sessions"]?.AsArray() ?? []);
        Assert.Contains($"namespace {SpendLimitSandbox.Stopping} has spent an estimated $0.0", (string?)Condition(waiting, "Ready")!["message"], StringComparison.Ordinal);
    }

    private static Func<JsonNode, bool> Of(string type, string name) =>
        e => (string?)e["type"] == "dev.airwave." + type && ((string?)e["subject"])?.EndsWith("/" + name, StringComparison.Ordinal) == true;
}
