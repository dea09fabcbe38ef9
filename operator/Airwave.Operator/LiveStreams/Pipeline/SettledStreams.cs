namespace Airwave.Operator.LiveStreams.Pipeline;

/// <summary>
/// Streams whose last full reconcile found everything as asked, and what it found. Until the spec or the rotation
/// annotation changes, or <c>FullCheckInterval</c> passes, a resync looks only at what changes on its own: the
/// channel's state (and a running channel's alerts), the live distribution and the ingest Secret (written again on the
/// condition that it is as the operator left it). The input, its security group and the MediaPackage channel need no
/// read meanwhile, since AWS refuses to delete them while the channel and the endpoint use them; nor does the origin
/// endpoint, which changes only when someone changes it: that is drift, found by the next full check.
/// </summary>
public sealed class SettledStreams : StreamMemory<SettledCheck>;

/// <summary>What a full reconcile saw: the spec's generation, the rotation asked for, when, and the origin endpoint (which the live distribution serves).</summary>
public sealed record SettledCheck(long? Generation, string? Rotation, DateTimeOffset At, Aws.MediaPackage.OriginEndpoint? Endpoint);
