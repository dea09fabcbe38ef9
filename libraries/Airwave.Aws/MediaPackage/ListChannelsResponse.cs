namespace Airwave.Aws.MediaPackage;

public sealed record ListChannelsResponse(IReadOnlyList<Channel>? Channels, string? NextToken);
