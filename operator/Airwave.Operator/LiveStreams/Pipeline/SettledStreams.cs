namespace Airwave.Operator.LiveStreams.Pipeline;

/// <summary>
/// Streams whose last full reconcile found everything as asked, and what it found. Until the spec or the rotation
/// annotation changes, or <c>FullCheckInterval</c> passes, a resync looks only at what can change on its own: the
/// channel's state, the origin endpoint, the live distribution and the ingest Secret (written again on the condition
/// that it is as the operator left it). The input, its security group and
/// the MediaPackage channel need no read meanwhile: AWS refuses to delete them while the channel and the endpoint
/// use them.
/// </summary>
public sealed class SettledStreams : StreamMemory<SettledCheck>;

/// <summary>What a full reconcile saw: the spec's generation, the rotation asked for, and when.</summary>
public sealed record SettledCheck(long? Generation, string? Rotation, DateTimeOffset At);
