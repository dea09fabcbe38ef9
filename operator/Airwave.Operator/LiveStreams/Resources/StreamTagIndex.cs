namespace Airwave.Operator.LiveStreams.Resources;

/// <summary>A resource as a listing shows it: its id and its tags.</summary>
public sealed record TaggedResource(string Id, IReadOnlyDictionary<string, string>? Tags);

/// <summary>
/// Which resources of one kind carry each stream's tags, from one listing of the account instead of one per stream:
/// a stream whose status lost a resource's id (a create whose answer never came) and a teardown sweeping for
/// strays both look here. The listing is kept up to date with what this operator creates and deletes, and made
/// again when it may have missed something: a create failed without saying whether it took effect, the work
/// belongs to another term of leadership (another replica may have written meanwhile), or it grew old
/// (<see cref="ListingLifetime"/>).
/// </summary>
public sealed class StreamTagIndex(Func<CancellationToken, Task<IEnumerable<TaggedResource>>> list, ListingLifetime lifetime)
{
    private readonly Lock _gate = new();
    private Dictionary<string, TaggedResource> _byId = [];
    private ListingStamp? _listed;
    private Task? _listing;

    // Creates and deletes seen while a listing is under way, applied to it when it arrives: its pages may predate them.
    private List<(TaggedResource Resource, bool Deleted)>? _changesDuringListing;

    // Bumped by every create of unknown outcome; a listing begun before the last one may lack what it made.
    private long _doubts;
    private long _listedDoubts = -1;

    /// <summary>The ids of the resources tagged with the stream's identity.</summary>
    public async Task<IReadOnlyList<string>> FindAsync(StreamIdentity identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        while (true)
        {
            Task listing;
            lock (_gate)
            {
                if (IsCurrent())
                {
                    return Matching(identity);
                }

                // One listing at a time, shared by every caller that needs it; each waits only as long as it may.
                if (_listing is null)
                {
                    var (stamp, doubts) = (lifetime.Now(), Interlocked.Read(ref _doubts));
                    _changesDuringListing = [];
                    _listing = Task.Run(() => ListAsync(stamp, doubts), CancellationToken.None);
                }

                listing = _listing;
            }

            await listing.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Records a resource this operator created.</summary>
    public void Created(string id, IReadOnlyDictionary<string, string>? tags) => Change(new TaggedResource(id, tags), deleted: false);

    /// <summary>Records a resource found deleted, or deleted by this operator.</summary>
    public void Deleted(string id) => Change(new TaggedResource(id, null), deleted: true);

    /// <summary>A create failed in a way that leaves open whether it took effect: the next lookup lists again.</summary>
    public void Doubt() => Interlocked.Increment(ref _doubts);

    private async Task ListAsync(ListingStamp stamp, long doubts)
    {
        try
        {
            // Not the caller's token: the listing is shared, and the callers after it still want it.
            var resources = await list(CancellationToken.None);
            lock (_gate)
            {
                var byId = resources.ToDictionary(r => r.Id);
                foreach (var (resource, deleted) in _changesDuringListing!)
                {
                    if (deleted)
                    {
                        byId.Remove(resource.Id);
                    }
                    else
                    {
                        byId[resource.Id] = resource;
                    }
                }

                _byId = byId;
                _listed = stamp;
                _listedDoubts = doubts;
            }
        }
        finally
        {
            lock (_gate)
            {
                _changesDuringListing = null;
                _listing = null;
            }
        }
    }

    private void Change(TaggedResource resource, bool deleted)
    {
        lock (_gate)
        {
            _changesDuringListing?.Add((resource, deleted));
            if (deleted)
            {
                _byId.Remove(resource.Id);
            }
            else
            {
                _byId[resource.Id] = resource;
            }
        }
    }

    private bool IsCurrent() => _listed is { } stamp && lifetime.IsCurrent(stamp) && _listedDoubts == Interlocked.Read(ref _doubts);

    private List<string> Matching(StreamIdentity identity) =>
        [.. _byId.Values.Where(r => identity.IsTaggedOn(r.Tags)).Select(r => r.Id)];
}
