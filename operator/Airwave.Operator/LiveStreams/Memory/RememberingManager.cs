using Airwave.Operator.LiveStreams.Resources;
using Airwave.Operator.Resources;

namespace Airwave.Operator.LiveStreams.Memory;

/// <summary>
/// A resource manager as one pass sees it (see <see cref="PassResources"/>): its reads answered from what the pass
/// already saw or what memory vouches for, else from AWS; what it creates, updates and deletes remembered.
/// </summary>
public sealed class RememberingManager<T, TPlan> : IAwsResourceManager<T, TPlan>
    where T : class
{
    private readonly IAwsResourceManager<T, TPlan> _manager;
    private readonly MemoryRule<T> _rule;
    private readonly StreamIdentity _identity;
    private readonly PassResources _pass;

    public RememberingManager(IAwsResourceManager<T, TPlan> manager, MemoryRule<T> rule, StreamIdentity identity, PassResources pass)
    {
        ArgumentNullException.ThrowIfNull(pass);
        (_manager, _rule, _identity, _pass) = (manager, rule, identity, pass);
        pass.Register(rule.Kind, async (id, cancellationToken) => (await ReadOneAsync(id, identity, cancellationToken)).Resource is not null);
    }

    public async Task<Observed<T>> ReadOneAsync(string? knownId, StreamIdentity identity, CancellationToken cancellationToken)
    {
        if (_pass.Seen<T>(_rule.Kind, knownId) is { } seen)
        {
            return seen;
        }

        var found = await _pass.VouchedAsync(_rule, knownId, cancellationToken) is { } vouched
            ? Observed.Found(vouched)
            : await _manager.ReadOneAsync(knownId, identity, cancellationToken);
        _pass.See(_rule, knownId, found);
        return found;
    }

    public async Task<T> CreateAsync(TPlan plan, StreamIdentity identity, string? replacing, CancellationToken cancellationToken)
    {
        var made = await _manager.CreateAsync(plan, identity, replacing, cancellationToken);
        Saw(made);
        return made;
    }

    public ResourceDelta Delta(T resource, TPlan plan, bool specChanged) => _manager.Delta(resource, plan, specChanged);

    public async Task<T> UpdateAsync(T resource, TPlan plan, CancellationToken cancellationToken)
    {
        var updated = await _manager.UpdateAsync(resource, plan, cancellationToken);
        Saw(updated);
        return updated;
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var accepted = await _manager.DeleteAsync(id, cancellationToken);
        if (accepted)
        {
            _pass.Deleted(_rule, id);
        }

        return accepted;
    }

    /// <summary>The resource as an operation beyond the contract left it (a stream key rotated): what later reads take.</summary>
    public void Saw(T resource) => _pass.See(_rule, null, Observed.Found(resource));

    /// <summary>
    /// What is left of the kind for a teardown: the resource status recorded first, then any other carrying the
    /// stream's tags (a create whose answer was lost and was made again), so nothing tagged for the stream outlives
    /// it. A resource whose deletion AWS accepted is not asked about again; once none is left, later steps skip the kind.
    /// </summary>
    public async Task<T?> RemainingAsync(string? knownId, CancellationToken cancellationToken)
    {
        var teardown = _pass.Teardown;
        if (teardown.IsGone(_rule.Kind))
        {
            return null;
        }

        var byId = knownId is not null && !teardown.WasDeleted(_rule.Kind, knownId);
        var remaining = byId ? (await ReadOneAsync(knownId, _identity, cancellationToken)).Resource : null;
        if (remaining is null && !(byId && _rule.NamedByStream))
        {
            remaining = (await ReadOneAsync(null, _identity, cancellationToken)).Resource;
        }

        if (remaining is null)
        {
            teardown.MarkGone(_rule.Kind);
        }

        return remaining;
    }
}
