using System.Globalization;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Watch;

namespace Airwave.Sandbox.Kubernetes.Storage;

/// <summary>
/// The in-memory etcd: objects per resource, one global resourceVersion that grows with every write,
/// a bounded event history, and watch fan-out. Every write is a compare-and-swap on the resourceVersion
/// the caller read, so concurrent writers get conflicts instead of lost updates.
/// </summary>
internal sealed class ObjectStore(int historySize)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<StorageKey, SortedDictionary<ObjectKey, StoredObject>> _objects = [];
    private readonly Dictionary<string, StoredObject> _byUid = new(StringComparer.Ordinal);
    private readonly EventHistory _history = new(historySize);
    private readonly List<WatchSubscription> _subscriptions = [];
    private long _resourceVersion;

    public long ResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _resourceVersion;
            }
        }
    }

    public StoredObject? Get(StorageKey storage, ObjectKey key)
    {
        lock (_gate)
        {
            return _objects.TryGetValue(storage, out var objects) && objects.TryGetValue(key, out var found) ? found : null;
        }
    }

    public StoredObject? FindByUid(string uid)
    {
        lock (_gate)
        {
            return _byUid.GetValueOrDefault(uid);
        }
    }

    /// <summary>Objects whose ownerReferences name this uid.</summary>
    public IReadOnlyList<StoredObject> Dependents(string ownerUid)
    {
        lock (_gate)
        {
            return [.. _byUid.Values.Where(o => o.OwnerUids.Contains(ownerUid, StringComparer.Ordinal))];
        }
    }

    /// <summary>Every object of every namespaced resource in this namespace.</summary>
    public IReadOnlyList<StoredObject> InNamespace(string ns)
    {
        lock (_gate)
        {
            return [.. _objects.Values.SelectMany(o => o.Values).Where(o => o.Key.Namespace == ns)];
        }
    }

    /// <summary>A consistent snapshot in (namespace, name) order and the resourceVersion it was taken at.</summary>
    public (IReadOnlyList<StoredObject> Items, long ResourceVersion) List(StorageKey storage, string? ns)
    {
        lock (_gate)
        {
            if (!_objects.TryGetValue(storage, out var objects))
            {
                return ([], _resourceVersion);
            }

            IEnumerable<StoredObject> items = objects.Values;
            if (!string.IsNullOrEmpty(ns))
            {
                items = items.Where(o => o.Key.Namespace == ns);
            }

            return ([.. items], _resourceVersion);
        }
    }

    public StoredObject Create(StorageKey storage, JsonObject obj)
    {
        lock (_gate)
        {
            var objects = Objects(storage);
            var stored = StoredObject.Freeze(storage, obj, _resourceVersion + 1);
            if (objects.ContainsKey(stored.Key))
            {
                throw new StoreConflictException(StoreConflict.AlreadyExists);
            }

            _resourceVersion++;
            objects[stored.Key] = stored;
            _byUid[stored.Uid] = stored;
            Commit(new StoreEvent(WatchEventType.Added, stored));
            return stored;
        }
    }

    /// <summary>Replaces the object if it is still at <paramref name="expectedVersion"/>.</summary>
    public StoredObject Update(StorageKey storage, JsonObject obj, long expectedVersion)
    {
        lock (_gate)
        {
            var objects = Objects(storage);
            var current = Current(objects, obj, expectedVersion);
            var stored = StoredObject.Freeze(storage, obj, _resourceVersion + 1);
            _resourceVersion++;
            objects[current.Key] = stored;
            _byUid[stored.Uid] = stored;
            Commit(new StoreEvent(WatchEventType.Modified, stored, current));
            return stored;
        }
    }

    /// <summary>Removes the object if it is still at <paramref name="expectedVersion"/>; <paramref name="last"/> is its final state.</summary>
    public StoredObject Delete(StorageKey storage, JsonObject last, long expectedVersion)
    {
        lock (_gate)
        {
            var objects = Objects(storage);
            var current = Current(objects, last, expectedVersion);
            var stored = StoredObject.Freeze(storage, last, _resourceVersion + 1);
            _resourceVersion++;
            objects.Remove(current.Key);
            _byUid.Remove(current.Uid);
            Commit(new StoreEvent(WatchEventType.Deleted, stored));
            return stored;
        }
    }

    /// <summary>
    /// Starts a watch. From null: synthetic ADDED events for what exists now; from a resourceVersion: the history
    /// after it (410 Expired if it is older than the history keeps). Then live events, registered under the same
    /// lock so that nothing falls between the two.
    /// </summary>
    public WatchSubscription Watch(WatchFilter filter, long? fromVersion)
    {
        lock (_gate)
        {
            IReadOnlyList<StoreEvent> initial;
            if (fromVersion is not { } from)
            {
                initial = [.. Snapshot(filter).Select(o => new StoreEvent(WatchEventType.Added, o))];
            }
            else if (from < _history.ExpiredBefore)
            {
                throw ApiErrors.Expired(string.Create(CultureInfo.InvariantCulture, $"too old resource version: {from} ({_history.ExpiredBefore})"));
            }
            else
            {
                initial = [.. _history.After(from).Select(filter.Translate).OfType<StoreEvent>()];
            }

            var subscription = new WatchSubscription(filter, initial, _resourceVersion, Unsubscribe);
            _subscriptions.Add(subscription);
            return subscription;
        }
    }

    /// <summary>From now on, resuming a watch from any earlier resourceVersion answers 410 Expired.</summary>
    public void ExpireHistory()
    {
        lock (_gate)
        {
            _history.Expire(_resourceVersion);
        }
    }

    private List<StoredObject> Snapshot(WatchFilter filter)
    {
        var stores = filter.Storage is { } storage
            ? _objects.TryGetValue(storage, out var objects) ? [objects] : []
            : _objects.Values.ToList();
        return stores.SelectMany(s => s.Values).Where(filter.Accepts).ToList();
    }

    private void Unsubscribe(WatchSubscription subscription)
    {
        lock (_gate)
        {
            _subscriptions.Remove(subscription);
        }
    }

    private SortedDictionary<ObjectKey, StoredObject> Objects(StorageKey storage)
    {
        if (!_objects.TryGetValue(storage, out var objects))
        {
            objects = [];
            _objects[storage] = objects;
        }

        return objects;
    }

    private static StoredObject Current(SortedDictionary<ObjectKey, StoredObject> objects, JsonObject obj, long expectedVersion)
    {
        var metadata = obj["metadata"]!;
        var key = new ObjectKey((string?)metadata["namespace"] ?? string.Empty, (string)metadata["name"]!);
        if (!objects.TryGetValue(key, out var current))
        {
            throw new StoreConflictException(StoreConflict.NotFound);
        }

        return current.ResourceVersion == expectedVersion ? current : throw new StoreConflictException(StoreConflict.ResourceVersionChanged);
    }

    private void Commit(StoreEvent change)
    {
        _history.Add(change);
        foreach (var subscription in _subscriptions)
        {
            subscription.Publish(change);
        }
    }
}
