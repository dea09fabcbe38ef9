using Airwave.Aws.MediaLive;
using Airwave.Aws.MediaPackage;
using Airwave.Operator.LiveStreams.Resources;
using Airwave.Operator.Resources;
using Channel = Airwave.Aws.MediaLive.Channel;
using IvsChannel = Airwave.Aws.Ivs.Channel;
using PackageChannel = Airwave.Aws.MediaPackage.Channel;

namespace Airwave.Operator.LiveStreams.Memory;

/// <summary>
/// A stream's resource managers as one pass sees them, each read through <see cref="ResourceMemory"/>: a resource is
/// read from AWS at most once a pass; what the last full pass of the same spec found stands in for a resource that
/// AWS keeps while another uses it (the channel keeps its input, the input its security group, the origin endpoint its
/// MediaPackage channel) once that other is read and found; and a teardown's step does not ask after what the steps
/// before it deleted. Operations beyond the resource contract (starting a channel, its alerts) go to the managers
/// themselves.
/// </summary>
public sealed class PassResources
{
    private readonly PassMemory _memory;
    private readonly Dictionary<ResourceKind, Sight> _seen = [];
    private readonly Dictionary<ResourceKind, Func<string, CancellationToken, Task<bool>>> _exists = [];
    private bool _vouched;
    private bool _settled;

    public PassResources(LiveStreamAws aws, StreamIdentity identity, PassMemory memory, TeardownFacts teardown)
    {
        ArgumentNullException.ThrowIfNull(aws);
        (_memory, Teardown) = (memory, teardown);
        SecurityGroups = new(aws.SecurityGroups, new(ResourceKind.InputSecurityGroup, g => g.Id, VouchedBy: ResourceKind.Input), identity, this);
        Inputs = new(aws.Inputs, new(ResourceKind.Input, i => i.Id, VouchedBy: ResourceKind.Channel, Vouchable: i => i.State != InputState.Creating), identity, this);
        Channels = new(aws.Channels, new(ResourceKind.Channel, c => c.Id), identity, this);
        PackageChannels = new(aws.PackageChannels, new(ResourceKind.PackageChannel, c => c.Id, VouchedBy: ResourceKind.PackageEndpoint, NamedByStream: true), identity, this);
        PackageEndpoints = new(aws.PackageEndpoints, new(ResourceKind.PackageEndpoint, e => e.Id, NamedByStream: true), identity, this);
        IvsChannels = new(aws.IvsChannels, new(ResourceKind.IvsChannel, c => c.Arn), identity, this);
    }

    public RememberingManager<InputSecurityGroup, SecurityGroupPlan> SecurityGroups { get; }

    public RememberingManager<Input, InputPlan> Inputs { get; }

    public RememberingManager<Channel, ChannelPlan> Channels { get; }

    public RememberingManager<PackageChannel, PackageChannelPlan> PackageChannels { get; }

    public RememberingManager<OriginEndpoint, Api.LiveStreams.PlaybackSpec> PackageEndpoints { get; }

    public RememberingManager<IvsChannel, IvsChannelPlan> IvsChannels { get; }

    /// <summary>
    /// Whether this pass follows a pass of the same spec that did not find the stream settled: it is on the way to
    /// where the spec asks, looked at again within the poll interval.
    /// </summary>
    public bool InTransition => _memory.InTransition;

    internal TeardownFacts Teardown { get; }

    /// <summary>
    /// What the last full pass found of a kind, when it found the stream settled under the same spec within
    /// <c>FullCheckInterval</c>; null otherwise.
    /// </summary>
    public T? Settled<T>(ResourceKind kind)
        where T : class => _memory.Settled?.Resources.GetValueOrDefault(kind)?.Resource as T;

    /// <summary>The stream is where its spec asks, with nothing waiting: its next resyncs may look at less.</summary>
    public void MarkSettled() => _settled = true;

    /// <summary>What this pass found, for the passes after it (see <see cref="ResourceMemory.Remember"/>).</summary>
    internal Snapshot Snapshot()
    {
        var found = _seen.Where(s => s.Value.Resource is not null).ToDictionary(s => s.Key, s => new Sighting(s.Value.Id!, s.Value.Resource!));

        // What was vouched for was last read when the memory was made; the next full read is due from then.
        var readAt = _vouched ? _memory.Usable!.ReadAt : _memory.Now;
        return new Snapshot(_memory.Generation, _memory.Rotation, readAt, _settled ? _memory.Now : null, found);
    }

    internal void Register(ResourceKind kind, Func<string, CancellationToken, Task<bool>> exists) => _exists[kind] = exists;

    /// <summary>What this pass already saw of the kind, when that answers a read of <paramref name="knownId"/>.</summary>
    internal Observed<T>? Seen<T>(ResourceKind kind, string? knownId)
        where T : class
    {
        if (!_seen.TryGetValue(kind, out var seen))
        {
            return null;
        }

        if (seen.Resource is T resource)
        {
            return knownId is null || seen.Id == knownId ? Observed.Found(resource) : null;
        }

        return seen.AskedId == knownId ? new Observed<T>(null, seen.WentMissing) : null;
    }

    internal void See<T>(MemoryRule<T> rule, string? askedId, Observed<T> observed)
        where T : class =>
        _seen[rule.Kind] = new Sight(askedId, observed.Resource, observed.Resource is { } resource ? rule.IdOf(resource) : null, observed.WentMissing);

    /// <summary>
    /// What the last full pass found of the resource of <paramref name="knownId"/>, when what uses it is read now and
    /// found (see <see cref="MemoryRule{T}.VouchedBy"/>); null when it must be read.
    /// </summary>
    internal async Task<T?> VouchedAsync<T>(MemoryRule<T> rule, string? knownId, CancellationToken cancellationToken)
        where T : class
    {
        var remembered = _memory.Usable?.Resources;
        if (knownId is null
            || rule.VouchedBy is not { } by
            || remembered?.GetValueOrDefault(rule.Kind) is not { Resource: T resource } sighting
            || sighting.Id != knownId
            || rule.Vouchable?.Invoke(resource) == false
            || remembered.GetValueOrDefault(by) is not { } user
            || !await _exists[by](user.Id, cancellationToken))
        {
            return null;
        }

        _vouched = true;
        return resource;
    }

    /// <summary>AWS accepted to delete the resource: a later step of the teardown does not ask after it.</summary>
    internal void Deleted<T>(MemoryRule<T> rule, string id)
        where T : class
    {
        _seen.Remove(rule.Kind);
        if (rule.NamedByStream)
        {
            Teardown.MarkGone(rule.Kind);
        }
        else
        {
            Teardown.MarkDeleted(rule.Kind, id);
        }
    }

    /// <summary>A read this pass made (or a resource it made or changed), and the id it asked for.</summary>
    private sealed record Sight(string? AskedId, object? Resource, string? Id, bool WentMissing);
}
