using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Informers;

namespace Airwave.Kubernetes.Tests.Support;

/// <summary>
/// Rebuilds the server's state from handler calls alone and notes every call that repeats or contradicts
/// what it was told before: an add of a known object, an update or delete of an unknown one, a version seen twice.
/// </summary>
internal sealed class RecordingHandler<T> : IResourceChangeHandler<T>
    where T : KubernetesObject
{
    private readonly Lock _lock = new();
    private readonly Dictionary<ObjectKey, string> _view = [];
    private readonly HashSet<(ObjectKey, string)> _delivered = [];
    private readonly List<string> _violations = [];

    public IReadOnlyDictionary<ObjectKey, string> View
    {
        get
        {
            lock (_lock)
            {
                return new Dictionary<ObjectKey, string>(_view);
            }
        }
    }

    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (_lock)
            {
                return [.. _violations];
            }
        }
    }

    public void OnAdd(T resource)
    {
        var key = ObjectKey.Of(resource);
        lock (_lock)
        {
            if (_view.ContainsKey(key))
            {
                _violations.Add($"add of {key}, which was already there");
            }

            Deliver(key, resource);
        }
    }

    public void OnUpdate(T oldResource, T newResource)
    {
        var key = ObjectKey.Of(newResource);
        lock (_lock)
        {
            if (!_view.TryGetValue(key, out var known) || known != oldResource.Metadata.ResourceVersion)
            {
                _violations.Add($"update of {key} from {oldResource.Metadata.ResourceVersion}, but the handler knew {known ?? "nothing"}");
            }

            Deliver(key, newResource);
        }
    }

    public void OnDelete(T resource)
    {
        var key = ObjectKey.Of(resource);
        lock (_lock)
        {
            if (!_view.Remove(key))
            {
                _violations.Add($"delete of {key}, which was not there");
            }
        }
    }

    private void Deliver(ObjectKey key, T resource)
    {
        var version = resource.Metadata.ResourceVersion ?? "";
        if (!_delivered.Add((key, version)))
        {
            _violations.Add($"{key} at {version} delivered twice");
        }

        _view[key] = version;
    }
}
