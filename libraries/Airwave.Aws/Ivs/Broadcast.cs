namespace Airwave.Aws.Ivs;

/// <summary>What a channel broadcasts now (IVS calls it the stream; GetStream): its state (LIVE), health and viewers.</summary>
public sealed record Broadcast(
    string ChannelArn,
    string? StreamId,
    string? PlaybackUrl,
    DateTimeOffset? StartTime,
    string? State,
    string? Health,
    long ViewerCount);
