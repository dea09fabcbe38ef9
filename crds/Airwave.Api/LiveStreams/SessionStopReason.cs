namespace Airwave.Api.LiveStreams;

/// <summary>Why a session ended.</summary>
public enum SessionStopReason
{
    /// <summary>Its spec asked: spec.state Stopped, or the stream was deleted.</summary>
    Requested,

    /// <summary>Its input had no video for spec.idleStopAfter.</summary>
    Idle,

    /// <summary>Its namespace's monthly spend limit was reached, and its budget stops streams at the limit.</summary>
    QuotaExceeded,
}
