namespace Airwave.Operator.LiveStreams;

/// <summary>The condition types and reasons of a LiveStream's status.</summary>
public static class LiveStreamConditions
{
    public const string Ready = "Ready";
    public const string InputReady = "InputReady";
    public const string ChannelReady = "ChannelReady";
    public const string PackagingReady = "PackagingReady";
    public const string Live = "Live";

    /// <summary>True while a spec change waits for the channel to stop, or cannot be applied in place at all.</summary>
    public const string UpdatePending = "UpdatePending";
}
