namespace Airwave.Aws.MediaLive;

public sealed record ListChannelsResponse(IReadOnlyList<Channel> Channels, string? NextToken);
