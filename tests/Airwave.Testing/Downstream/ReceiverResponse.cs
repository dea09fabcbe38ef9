namespace Airwave.Testing.Downstream;

/// <summary>How the receiver answers the next request.</summary>
public enum ReceiverResponse
{
    Accept,
    ServerError,
    TooManyRequests,
    Gone,

    /// <summary>Takes the request in, then answers only after the sender's timeout.</summary>
    Slow,

    /// <summary>Drops the connection, as a receiver that is down does.</summary>
    Unreachable,
}
