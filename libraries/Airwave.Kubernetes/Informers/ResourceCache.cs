using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client;

namespace Airwave.Kubernetes.Informers;

/// <summary>An informer's view of the objects of one type, indexed by namespace and by owner UID.</summary>
public sealed class ResourceCache<T>
    where T : KubernetesObject
{
    private readonly Lock _lock = new();
    private readonly Dictionary<ObjectKey, T> _objects = [];
    private readonly Dictionary<string, HashSet<ObjectKey>> _byNamespace = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<ObjectKey>> _byOwner = new(StringComparer.Ordinal);

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _objects.Count;
            }
        }
    }

    public T? Get(ObjectKey key)
    {
        lock (_lock)
        {
            return _objects.GetValueOrDefault(key);
        }
    }

    public IReadOnlyList<T> List()
    {
        lock (_lock)
        {
            return [.. _objects.Values];
        }
    }

    public IReadOnlyList<T> ListByNamespace(string @namespace)
    {
        lock (_lock)
        {
            return Resolve(_byNamespace.GetValueOrDefault(@namespace));
        }
    }

    /// <summary>The objects with an ownerReference to this UID, e.g. the pods of a job.</summary>
    public IReadOnlyList<T> ListByOwner(string ownerUid)
    {
        lock (_lock)
        {
            return Resolve(_byOwner.GetValueOrDefault(ownerUid));
        }
    }

    internal IReadOnlyCollection<ObjectKey> Keys()
    {
        lock (_lock)
        {
            return [.. _objects.Keys];
        }
    }

    /// <summary>Stores the object and returns the one it replaced.</summary>
    internal T? Upsert(T resource)
    {
        var key = ObjectKey.Of(resource);
        lock (_lock)
        {
            var old = _objects.GetValueOrDefault(key);
            if (old is not null)
            {
                Unindex(key, old);
            }

            _objects[key] = resource;
            Index(key, resource);
            return old;
        }
    }

    internal T? Remove(ObjectKey key)
    {
        lock (_lock)
        {
            if (!_objects.Remove(key, out var old))
            {
                return null;
            }

            Unindex(key, old);
            return old;
        }
    }

    private List<T> Resolve(HashSet<ObjectKey>? keys) => keys is null ? [] : [.. keys.Select(k => _objects[k])];

    private void Index(ObjectKey key, T resource)
    {
        if (key.Namespace is { } ns)
        {
            Add(_byNamespace, ns, key);
        }

        foreach (var owner in resource.Metadata.OwnerReferences ?? [])
        {
            Add(_byOwner, owner.Uid, key);
        }
    }

    private void Unindex(ObjectKey key, T resource)
    {
        if (key.Namespace is { } ns)
        {
            Remove(_byNamespace, ns, key);
        }

        foreach (var owner in resource.Metadata.OwnerReferences ?? [])
        {
            Remove(_byOwner, owner.Uid, key);
        }
    }

    private static void Add(Dictionary<string, HashSet<ObjectKey>> index, string value, ObjectKey key)
    {
        if (!index.TryGetValue(value, out var keys))
        {
            index[value] = keys = [];
        }

        keys.Add(key);
    }

    private static void Remove(Dictionary<string, HashSet<ObjectKey>> index, string value, ObjectKey key)
    {
        if (index.TryGetValue(value, out var keys) && keys.Remove(key) && keys.Count == 0)
        {
            index.Remove(value);
        }
    }
}
