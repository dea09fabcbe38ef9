namespace Airwave.Aws.MediaLive;

/// <summary>The <c>{"channel": ...}</c> wrapper of the create and update responses.</summary>
public sealed record ChannelEnvelope(Channel Channel);
