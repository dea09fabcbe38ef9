using Airwave.Sandbox.Aws;

namespace Airwave.Operator.Tests.LiveStreams;

/// <summary>
/// Streams share one live CloudFront distribution, which CloudFront redeploys on every update and guards with an
/// ETag other writers race on: the operator writes it only when a stream really comes or goes. This class has a
/// sandbox of its own, so every CloudFront call counted here is one of its streams'.
/// </summary>
public sealed class LiveDistributionTests(OperatorSandbox sandbox) : IClassFixture<OperatorSandbox>
{
    private static readonly TimeSpan TenResyncs = TimeSpan.FromSeconds(120);

    private AwsEmulator Aws => sandbox.Host.Aws!;

    [Fact]
    public async Task Three_live_streams_and_ten_resyncs_update_the_distribution_once_per_real_change()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        string[] streams = ["one", "two", "three"];
        foreach (var name in streams)
        {
            await sandbox.ApplyStreamAsync(ns, name, "live: true");
            await sandbox.WaitForAsync(ns, "livestream", name, s => s?["status"]?["playback"]?["liveUrl"] is not null, $"{name} live");
        }

        var whenLive = Behaviors(ns);
        var updatesWhenLive = Calls("UpdateDistribution");
        var readsWhenLive = Calls("GetDistributionConfig");
        await Eventually.MatchAsync(
            () => Task.FromResult(Calls("GetDistributionConfig")),
            reads => reads >= readsWhenLive + (10 * streams.Length),
            TenResyncs,
            "ten resyncs of each stream");
        var afterResyncs = Behaviors(ns);

        await sandbox.Kubectl.SucceedAsync("delete", "-n", ns, "livestream", "two", "--wait=false");
        await sandbox.WaitForAsync(ns, "livestream", "two", s => s is null, "two deleted");

        Assert.Equal(3, updatesWhenLive);
        Assert.Equal(["one", "two", "three"], whenLive.Select(b => b.Stream));
        Assert.Equal(whenLive, afterResyncs);
        Assert.Equal(4, Calls("UpdateDistribution"));
        Assert.Equal([whenLive[0], whenLive[2]], Behaviors(ns));
    }

    private int Calls(string operation) => Aws.Inventory.Calls.Counts.GetValueOrDefault("CloudFront." + operation);

    /// <summary>
    /// The live distribution's cache behaviors in their order (their precedence), by the stream each serves (its
    /// origin id is airwave-NAMESPACE-NAME-HASH).
    /// </summary>
    private List<(string Stream, string PathPattern)> Behaviors(string @namespace) =>
        [.. Aws.Inventory.Distributions.Single(d => d.Id == Aws.Options.LiveDistributionId).Config.CacheBehaviors
            .Select(b => (b.TargetOriginId[$"airwave-{@namespace}-".Length..b.TargetOriginId.LastIndexOf('-')], b.PathPattern))];
}
