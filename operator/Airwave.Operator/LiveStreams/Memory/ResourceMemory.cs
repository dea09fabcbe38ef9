using Airwave.Api.LiveStreams;
using Airwave.Operator.Configuration;

namespace Airwave.Operator.LiveStreams.Memory;

/// <summary>
/// What the operator remembers of each stream's AWS resources from one pass to the next, so that a pass asks AWS only
/// what may have changed: what the last full pass found (a later pass of the same spec takes from it what AWS keeps
/// while it is in use), whether that pass found the stream settled, and what the stream's teardown already deleted.
/// The managers are read through it (<see cref="PassResources"/>); no part consults it. Kept in memory only: a
/// restarted operator (or a new leader) begins by asking.
/// </summary>
public sealed class ResourceMemory(LiveStreamAws aws, OperatorOptions options)
{
    private readonly Snapshots _snapshots = new();
    private readonly Teardowns _teardowns = new();

    /// <summary>
    /// The stream's resources as a reconcile sees them: the last full pass's findings stand in for reads while they
    /// are of the same spec (generation and key rotation) and younger than <c>FullCheckInterval</c>.
    /// </summary>
    /// <param name="rotation">The key rotation the stream asks for (see <see cref="StreamPass.RotationAsked"/>).</param>
    public PassResources Open(LiveStream stream, StreamIdentity identity, string? rotation, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var generation = stream.Metadata.Generation;
        var last = _snapshots.Find(stream);
        var sameSpec = last is not null && last.Generation == generation && last.Rotation == rotation;
        var usable = sameSpec && now - last!.ReadAt < options.FullCheckInterval ? last : null;
        var settled = sameSpec && last!.SettledAt is { } at && now - at < options.FullCheckInterval ? last : null;
        var memory = new PassMemory(generation, rotation, now, usable, settled, InTransition: sameSpec && last!.SettledAt is null);
        return new PassResources(aws, identity, memory, new TeardownFacts());
    }

    /// <summary>
    /// A deleted stream's resources as one step of its teardown sees them: nothing is taken from its reconciles, and
    /// what the steps before deleted is not asked after.
    /// </summary>
    public PassResources OpenTeardown(LiveStream stream, StreamIdentity identity)
    {
        _snapshots.Forget(stream);
        return new PassResources(aws, identity, PassMemory.None, _teardowns.FindOrRecord(stream, () => new TeardownFacts()));
    }

    /// <summary>What a full pass found, for the passes after it.</summary>
    public void Remember(LiveStream stream, PassResources resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        _snapshots.Record(stream, resources.Snapshot());
    }

    /// <summary>The stream is gone: nothing of it is remembered.</summary>
    public void Forget(LiveStream stream)
    {
        _snapshots.Forget(stream);
        _teardowns.Forget(stream);
    }

    private sealed class Snapshots : StreamMemory<Snapshot>;

    private sealed class Teardowns : StreamMemory<TeardownFacts>;
}

/// <summary>
/// What a full pass found of a stream's resources: for which generation and key rotation, when what it holds was
/// last read from AWS, and when the pass found the stream settled (null when it did not).
/// </summary>
public sealed record Snapshot(long? Generation, string? Rotation, DateTimeOffset ReadAt, DateTimeOffset? SettledAt, IReadOnlyDictionary<ResourceKind, Sighting> Resources);

/// <summary>A resource as a pass last saw it, and its id.</summary>
public sealed record Sighting(string Id, object Resource);

/// <summary>
/// What a pass may take from memory: the findings of the last full pass of the same spec while they are young enough
/// (<paramref name="Usable"/>), the same when that pass found the stream settled (<paramref name="Settled"/>), and
/// whether this pass follows one of the same spec on the way to where it asks.
/// </summary>
public sealed record PassMemory(long? Generation, string? Rotation, DateTimeOffset Now, Snapshot? Usable, Snapshot? Settled, bool InTransition)
{
    /// <summary>Nothing to take: a teardown's step.</summary>
    public static PassMemory None { get; } = new(null, null, default, null, null, InTransition: false);
}
