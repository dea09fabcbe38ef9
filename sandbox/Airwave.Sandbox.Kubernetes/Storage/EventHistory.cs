namespace Airwave.Sandbox.Kubernetes.Storage;

/// <summary>
/// The most recent events of all resources, oldest first, for watches that resume from a resourceVersion.
/// A fixed-size ring: once an event falls out, resuming from before it answers 410 Expired.
/// </summary>
internal sealed class EventHistory(int capacity)
{
    private readonly StoreEvent[] _ring = new StoreEvent[Math.Max(1, capacity)];
    private int _start;
    private int _count;

    /// <summary>Resuming from a resourceVersion older than this would miss events.</summary>
    public long ExpiredBefore { get; private set; }

    public void Add(StoreEvent change)
    {
        if (_count == _ring.Length)
        {
            ExpiredBefore = _ring[_start].Object.ResourceVersion;
            _ring[_start] = change;
            _start = (_start + 1) % _ring.Length;
            return;
        }

        _ring[(_start + _count) % _ring.Length] = change;
        _count++;
    }

    /// <summary>Forgets everything: only watches from <paramref name="currentVersion"/> on can resume.</summary>
    public void Expire(long currentVersion)
    {
        Array.Clear(_ring);
        _start = 0;
        _count = 0;
        ExpiredBefore = currentVersion;
    }

    public IEnumerable<StoreEvent> After(long resourceVersion)
    {
        for (var i = 0; i < _count; i++)
        {
            var change = _ring[(_start + i) % _ring.Length];
            if (change.Object.ResourceVersion > resourceVersion)
            {
                yield return change;
            }
        }
    }
}
