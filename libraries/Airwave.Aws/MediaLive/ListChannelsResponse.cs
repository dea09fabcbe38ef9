namespace Airwave.Aws.MediaLive;

public sealed record ListChannelsResponse(IReadOnlyList<ChannelSummary> Channels, string? NextToken);
