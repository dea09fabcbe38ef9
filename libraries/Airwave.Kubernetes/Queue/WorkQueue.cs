using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace Airwave.Kubernetes.Queue;

/// <summary>
/// The controller work queue: a key waits at most once; a key being processed is never handed to a second
/// worker, and if it is added meanwhile it is handed out again after <see cref="Done"/>. Failed keys come back
/// with per-key exponential backoff; delayed adds keep the earliest requested time. Keys added at low priority
/// (<see cref="AddLowPriority"/>: everything a controller looks at because it starts, not because it changed) are
/// handed out only when no other key waits, so that a new leader reconciles what changed first; an ordinary add of
/// a key waiting at low priority moves it up.
/// </summary>
[SuppressMessage("Naming", "CA1711", Justification = "A work queue is what Kubernetes controllers call it.")]
public sealed class WorkQueue<TKey> : IDisposable
    where TKey : notnull
{
    private readonly WorkQueueOptions _options;
    private readonly Lock _lock = new();
    private readonly Queue<TKey> _ready = new();

    // A key moved up from here to _ready stays behind as a stale entry, skipped when reached: see TakeLocked.
    private readonly Queue<TKey> _readyLow = new();

    // Keys that need processing: waiting in _ready or _readyLow, or re-added while in _processing.
    private readonly HashSet<TKey> _dirty = [];

    // The dirty keys whose every add so far was at low priority.
    private readonly HashSet<TKey> _low = [];

    // Keys waiting to be handed out; the two queues also hold stale entries, so neither count says it.
    private int _waiting;
    private readonly Dictionary<TKey, long> _processing = [];
    private readonly SemaphoreSlim _readyCount = new(0);
    private readonly Dictionary<TKey, int> _failures = [];
    private readonly PriorityQueue<TKey, DateTimeOffset> _delayed = new();
    private readonly Dictionary<TKey, DateTimeOffset> _delayedUntil = [];
    private readonly ITimer _timer;
    private bool _disposed;

    public WorkQueue(WorkQueueOptions? options = null)
    {
        _options = options ?? new WorkQueueOptions();
        _timer = _options.TimeProvider.CreateTimer(_ => PromoteDueKeys(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Keys ready to be handed out.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _waiting;
            }
        }
    }

    public void Add(TKey key)
    {
        lock (_lock)
        {
            AddLocked(key, lowPriority: false);
        }
    }

    /// <summary>Adds the key behind every key added at ordinary priority; a key already waiting keeps its place.</summary>
    public void AddLowPriority(TKey key)
    {
        lock (_lock)
        {
            AddLocked(key, lowPriority: true);
        }
    }

    /// <summary>Adds the key once the delay has passed; an earlier pending delay for the key wins.</summary>
    public void AddAfter(TKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            var due = _options.TimeProvider.GetUtcNow() + delay;
            if (_delayedUntil.TryGetValue(key, out var existing) && existing <= due)
            {
                return;
            }

            _delayedUntil[key] = due;
            _delayed.Enqueue(key, due);
            ScheduleTimerLocked();
        }
    }

    /// <summary>Adds the key after its backoff delay, which doubles with every call until <see cref="Forget"/>.</summary>
    /// <returns>The delay chosen.</returns>
    public TimeSpan AddRateLimited(TKey key)
    {
        TimeSpan delay;
        lock (_lock)
        {
            var failures = _failures.GetValueOrDefault(key);
            _failures[key] = failures + 1;
            delay = _options.Backoff.Delay(failures);
        }

        _options.Metrics.QueueRetried(_options.Name);
        AddAfter(key, delay);
        return delay;
    }

    /// <summary>Clears the key's failure count: the next failure starts from the initial delay again.</summary>
    public void Forget(TKey key)
    {
        lock (_lock)
        {
            _failures.Remove(key);
        }
    }

    public int Failures(TKey key)
    {
        lock (_lock)
        {
            return _failures.GetValueOrDefault(key);
        }
    }

    /// <summary>Waits for a key; the caller owns it until it calls <see cref="Done"/>.</summary>
    public async ValueTask<TKey> TakeAsync(CancellationToken cancellationToken)
    {
        await _readyCount.WaitAsync(cancellationToken);
        lock (_lock)
        {
            var key = TakeLocked();
            _dirty.Remove(key);
            _waiting--;
            _processing.Add(key, Stopwatch.GetTimestamp());
            _options.Metrics.QueueDepthChanged(_options.Name, -1);
            return key;
        }
    }

    /// <summary>Releases the key; if it was added while processing, it is queued again now.</summary>
    public void Done(TKey key)
    {
        lock (_lock)
        {
            if (!_processing.Remove(key, out var started))
            {
                throw new InvalidOperationException($"{key} is not being processed");
            }

            _options.Metrics.QueueWorkDone(_options.Name, Stopwatch.GetElapsedTime(started));
            if (_dirty.Contains(key) && !_disposed)
            {
                EnqueueLocked(key);
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _options.Metrics.QueueDepthChanged(_options.Name, -_waiting);
        }

        _timer.Dispose();
    }

    private void AddLocked(TKey key, bool lowPriority)
    {
        if (_disposed)
        {
            return;
        }

        if (!_dirty.Add(key))
        {
            // Already waiting: an ordinary add moves a low-priority key up (its old entry goes stale).
            if (!lowPriority && _low.Remove(key) && !_processing.ContainsKey(key))
            {
                _ready.Enqueue(key);
            }

            return;
        }

        if (lowPriority)
        {
            _low.Add(key);
        }

        _options.Metrics.QueueAdded(_options.Name);
        if (!_processing.ContainsKey(key))
        {
            EnqueueLocked(key);
        }
    }

    private void EnqueueLocked(TKey key)
    {
        (_low.Contains(key) ? _readyLow : _ready).Enqueue(key);
        _waiting++;
        _options.Metrics.QueueDepthChanged(_options.Name, 1);
        _readyCount.Release();
    }

    /// <summary>The next key to hand out: ordinary ones first. The semaphore counted one waiting key for this call.</summary>
    private TKey TakeLocked()
    {
        if (_ready.TryDequeue(out var key))
        {
            return key;
        }

        // Skips stale entries: keys moved up since (no longer low), or being processed again after that.
        while (true)
        {
            key = _readyLow.Dequeue();
            if (!_processing.ContainsKey(key) && _low.Remove(key))
            {
                return key;
            }
        }
    }

    private void PromoteDueKeys()
    {
        lock (_lock)
        {
            var now = _options.TimeProvider.GetUtcNow();
            while (_delayed.TryPeek(out var key, out var due) && due <= now)
            {
                _delayed.Dequeue();

                // An entry superseded by an earlier AddAfter for the same key is skipped.
                if (_delayedUntil.TryGetValue(key, out var current) && current == due)
                {
                    _delayedUntil.Remove(key);
                    AddLocked(key, lowPriority: false);
                }
            }

            ScheduleTimerLocked();
        }
    }

    private void ScheduleTimerLocked()
    {
        if (_disposed)
        {
            return;
        }

        if (_delayed.TryPeek(out _, out var due))
        {
            var wait = due - _options.TimeProvider.GetUtcNow();
            _timer.Change(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }
}
