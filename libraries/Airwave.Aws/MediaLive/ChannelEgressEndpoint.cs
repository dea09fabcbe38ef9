namespace Airwave.Aws.MediaLive;

/// <summary>An address one of the channel's pipelines sends its output from: what a destination's firewall lets in.</summary>
public sealed record ChannelEgressEndpoint(string? SourceIp);
