namespace Airwave.Operator.LiveStreams;

/// <summary>
/// Streams whose last full reconcile found everything as asked, and what it found. Until the spec, the rotation
/// annotation or the ingest Secret changes, or <c>FullCheckInterval</c> passes, a resync reads only what can change
/// on its own: the channel's state, the origin endpoint and the live distribution. The input, its security group and
/// the MediaPackage channel need no read meanwhile: AWS refuses to delete them while the channel and the endpoint
/// use them.
/// </summary>
public sealed class SettledStreams : StreamMemory<SettledCheck>;

/// <summary>What a full reconcile saw: the spec's generation, the rotation asked for, the Secret's content (as a digest) and when.</summary>
public sealed record SettledCheck(long? Generation, string? Rotation, string SecretDigest, DateTimeOffset At);
