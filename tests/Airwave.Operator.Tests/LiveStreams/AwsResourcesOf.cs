using Airwave.Sandbox.Aws;

namespace Airwave.Operator.Tests.LiveStreams;

/// <summary>How many of each AWS resource the emulator holds for the streams of one namespace (found by their tags).</summary>
public sealed record AwsResourcesOf(int SecurityGroups, int Inputs, int Channels, int PackageChannels, int PackageEndpoints, int LiveOrigins, int IvsChannels = 0, int IvsRecordingConfigurations = 0)
{
    public static AwsResourcesOf Namespace(AwsEmulator aws, string @namespace)
    {
        ArgumentNullException.ThrowIfNull(aws);
        var inventory = aws.Inventory;
        bool Ours(IReadOnlyDictionary<string, string>? tags) => tags?.GetValueOrDefault("airwave.dev/namespace") == @namespace;
        var live = inventory.Distributions.Single(d => d.Id == aws.Options.LiveDistributionId).Config;
        return new AwsResourcesOf(
            inventory.InputSecurityGroups.Count(g => Ours(g.Tags)),
            inventory.Inputs.Count(i => Ours(i.Tags)),
            inventory.MediaLiveChannels.Count(c => Ours(c.Tags)),
            inventory.MediaPackageChannels.Count(c => Ours(c.Tags)),
            inventory.OriginEndpoints.Count(e => Ours(e.Tags)),
            live.Origins.Count(o => o.Id.StartsWith($"airwave-{@namespace}-", StringComparison.Ordinal)),
            inventory.IvsChannels.Count(c => Ours(c.Tags)),
            inventory.IvsRecordingConfigurations.Count(c => Ours(c.Tags)));
    }

    public static AwsResourcesOf None { get; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>A stream on IVS: its IVS channel alone.</summary>
    public static AwsResourcesOf IvsChannel { get; } = new(0, 0, 0, 0, 0, 0, IvsChannels: 1);

    /// <summary>One of each, on or off the live distribution.</summary>
    public static AwsResourcesOf OneOfEach(bool live) => new(1, 1, 1, 1, 1, live ? 1 : 0);
}
