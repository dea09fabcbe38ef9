namespace Airwave.Api.LiveStreams;

public sealed record AwsResources
{
    public string? InputId { get; init; }
    public string? InputSecurityGroupId { get; init; }
    public string? ChannelId { get; init; }
    public string? PackageChannelId { get; init; }
    public string? PackageEndpointId { get; init; }
}
