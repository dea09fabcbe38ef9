namespace Airwave.Operator.LiveStreams;

/// <summary>The condition types and reasons of a LiveStream's status.</summary>
public static class LiveStreamConditions
{
    public const string InputReady = "InputReady";
    public const string ChannelReady = "ChannelReady";
    public const string PackagingReady = "PackagingReady";
    public const string Live = "Live";

    /// <summary>A WebRtc stream's: whether every SFU pod it should run is ready.</summary>
    public const string SfuReady = "SfuReady";

    /// <summary>
    /// A WebRtc stream's its SFU pods alone carry: whether one of them has the publisher. When it turned False is when
    /// the stream's silence began, which spec.idleStopAfter counts.
    /// </summary>
    public const string Publishing = "Publishing";

    /// <summary>
    /// A Chime stream's on IVS: whether its IVS channel is live (IVS's stream state). When it turned False is when the
    /// stream's silence began, which spec.idleStopAfter counts.
    /// </summary>
    public const string Broadcasting = "Broadcasting";

    /// <summary>A Chime stream's: whether its meeting connector pushes the meeting into the input.</summary>
    public const string ConnectorReady = "ConnectorReady";

    /// <summary>A Chime stream to IVS's: whether IVS records its broadcasts (spec.archive), and where.</summary>
    public const string Recording = "Recording";

    /// <summary>Whether HLS playback is encrypted, and why not when it is not.</summary>
    public const string Encrypted = "Encrypted";

    /// <summary>
    /// True when AWS refused what this generation of the spec asks for (kstatus's Stalled): the operator does not
    /// try again until the spec changes, apart from a slow safety retry.
    /// </summary>
    public const string Stalled = "Stalled";

    /// <summary>True while a spec change waits for the channel to stop, or cannot be applied in place at all.</summary>
    public const string UpdatePending = "UpdatePending";

    /// <summary>
    /// True once the stream was stopped because its input had no video for spec.idleStopAfter, for the generation it
    /// was stopped at: the stream stays stopped until its spec changes.
    /// </summary>
    public const string IdleStopped = "IdleStopped";

    /// <summary>
    /// True while the stream runs, or was stopped, with its namespace's monthly spend limit reached: reason
    /// <see cref="SpendLimitReached"/> while it runs on, <see cref="StoppedAtSpendLimit"/> once the budget stopped it.
    /// </summary>
    public const string QuotaExceeded = "QuotaExceeded";

    public const string SpendLimitReached = "MonthlySpendLimit";
    public const string StoppedAtSpendLimit = "StoppedAtLimit";

    /// <summary>The reason InputReady and Ready are False while a pulled stream's channel cannot read its source.</summary>
    public const string SourceUnreachable = "SourceUnreachable";

    /// <summary>The reason InputReady is False while MediaLive refuses pushes to an RtmpPush stream's input for their stream key.</summary>
    public const string PushRefused = "PushRefused";
}
