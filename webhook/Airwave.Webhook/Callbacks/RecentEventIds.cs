namespace Airwave.Webhook.Callbacks;

/// <summary>
/// The ids of the callbacks handled lately, so a callback Mux delivers again (it retries until it sees a 2xx) is
/// answered without acting twice. Bounded: the oldest ids are forgotten first. Each replica keeps its own, so a repeat
/// that reaches another replica is acted on again, which is harmless (it only asks for a reconcile).
/// </summary>
public sealed class RecentEventIds(int capacity)
{
    private readonly Lock _lock = new();
    private readonly LinkedList<string> _order = new();
    private readonly Dictionary<string, LinkedListNode<string>> _ids = new(StringComparer.Ordinal);

    public bool Contains(string id)
    {
        lock (_lock)
        {
            return _ids.ContainsKey(id);
        }
    }

    public void Add(string id)
    {
        lock (_lock)
        {
            if (_ids.ContainsKey(id))
            {
                return;
            }

            _ids[id] = _order.AddLast(id);
            if (_ids.Count > capacity)
            {
                _ids.Remove(_order.First!.Value);
                _order.RemoveFirst();
            }
        }
    }
}
