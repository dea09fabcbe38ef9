using System.Collections.Concurrent;
using Airwave.Api.LiveStreams;

namespace Airwave.Operator.LiveStreams;

/// <summary>
/// Streams whose last full reconcile found everything as asked, and what it found. Until the spec, the rotation
/// annotation or the ingest Secret changes, or <c>FullCheckInterval</c> passes, a resync reads only what can change
/// on its own: the channel's state, the origin endpoint and the live distribution. The input, its security group and
/// the MediaPackage channel need no read meanwhile: AWS refuses to delete them while the channel and the endpoint
/// use them. Kept in memory, so a restarted operator begins with full reconciles.
/// </summary>
public sealed class SettledStreams
{
    private readonly ConcurrentDictionary<string, SettledCheck> _checks = new(StringComparer.Ordinal);

    public SettledCheck? Find(LiveStream stream) => _checks.GetValueOrDefault(Key(stream));

    public void Record(LiveStream stream, SettledCheck check) => _checks[Key(stream)] = check;

    public void Forget(LiveStream stream) => _checks.TryRemove(Key(stream), out _);

    private static string Key(LiveStream stream) => stream.Metadata.Uid ?? $"{stream.Metadata.Namespace}/{stream.Metadata.Name}";
}

/// <summary>What a full reconcile saw: the spec's generation, the rotation asked for, the Secret's content (as a digest) and when.</summary>
public sealed record SettledCheck(long? Generation, string? Rotation, string SecretDigest, DateTimeOffset At);
