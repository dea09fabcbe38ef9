namespace Airwave.Aws.Ivs;

/// <summary>A new channel and the stream key made with it.</summary>
public sealed record CreateChannelResponse(Channel Channel, StreamKey StreamKey);
