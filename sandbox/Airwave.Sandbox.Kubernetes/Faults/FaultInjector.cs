using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Faults;

namespace Airwave.Sandbox.Kubernetes;

/// <summary>
/// Test-only control over the sandbox API server's failures: broken watch connections, failing or stalled requests,
/// latency and an expired watch history. Production code never reaches it; tests hold it through
/// <see cref="KubernetesApiServer.Faults"/>.
/// </summary>
public sealed class FaultInjector : IDisposable
{
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);
    private readonly Lock _gate = new();
    private readonly List<FailureRule> _rules = [];
    private readonly List<FailureRule> _lostResponses = [];
    private readonly List<HangRule> _hangs = [];
    private readonly List<Action<FaultRequest>> _observers = [];
    private readonly Action _expireHistory;
    private CancellationTokenSource _watchDrop = new();

    internal FaultInjector(Action expireHistory) => _expireHistory = expireHistory;

    /// <summary>Added to every request before it is handled.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Fires when <see cref="DropWatches"/> is called; open watch streams end on it.</summary>
    internal CancellationToken WatchDropped
    {
        get
        {
            lock (_gate)
            {
                return _watchDrop.Token;
            }
        }
    }

    /// <summary>Ends every open watch stream now, as a broken connection does (no final event, no clean end).</summary>
    public void DropWatches()
    {
        CancellationTokenSource dropped;
        lock (_gate)
        {
            dropped = _watchDrop;
            _watchDrop = new CancellationTokenSource();
        }

        dropped.Cancel();
        dropped.Dispose();
    }

    /// <summary>The next <paramref name="count"/> requests matching <paramref name="when"/> (default: all) fail with a Status of <paramref name="statusCode"/>.</summary>
    public void FailNext(int count, int statusCode, Func<FaultRequest, bool>? when = null, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (_gate)
        {
            _rules.Add(new FailureRule(when ?? (_ => true), statusCode, count, retryAfter));
        }
    }

    /// <summary>
    /// The next <paramref name="count"/> requests matching <paramref name="when"/> take effect, and then their answer is
    /// lost: the connection is dropped instead, as when a response never reaches the client.
    /// </summary>
    public void LoseResponseNext(int count, Func<FaultRequest, bool> when)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (_gate)
        {
            _lostResponses.Add(new FailureRule(when, 0, count, null));
        }
    }

    /// <summary>Whether this request's answer is to be lost after it took effect.</summary>
    internal bool LosesResponse(FaultRequest request)
    {
        lock (_gate)
        {
            if (_lostResponses.FirstOrDefault(r => r.When(request)) is not { } rule)
            {
                return false;
            }

            rule.Remaining--;
            if (rule.Remaining == 0)
            {
                _lostResponses.Remove(rule);
            }

            return true;
        }
    }

    /// <summary>Every request matching <paramref name="when"/> fails with <paramref name="statusCode"/> until the result is disposed.</summary>
    public IDisposable FailWhile(Func<FaultRequest, bool> when, int statusCode)
    {
        var rule = new FailureRule(when, statusCode, null, null);
        lock (_gate)
        {
            _rules.Add(rule);
        }

        return new RuleRemoval(this, rule);
    }

    /// <summary>
    /// Every request goes to <paramref name="observer"/>, before any fault rule sees it, until the result is disposed:
    /// for a test or a benchmark that counts or records what clients sent. The observer runs on the request's thread.
    /// </summary>
    public IDisposable Observe(Action<FaultRequest> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        lock (_gate)
        {
            _observers.Add(observer);
        }

        return new ObserverRemoval(this, observer);
    }

    internal void Notify(FaultRequest request)
    {
        Action<FaultRequest>[] observers;
        lock (_gate)
        {
            observers = [.. _observers];
        }

        foreach (var observer in observers)
        {
            observer(request);
        }
    }

    /// <summary>
    /// Every request matching <paramref name="when"/> gets no answer, as from a server that accepted the connection
    /// and stalled, until the result is disposed (then it is handled) or the client gives up.
    /// </summary>
    public IDisposable HangWhile(Func<FaultRequest, bool> when)
    {
        var rule = new HangRule(when);
        lock (_gate)
        {
            _hangs.Add(rule);
        }

        return new HangRelease(this, rule);
    }

    /// <summary>Fires when the hang that claims this request is released; null when none does.</summary>
    internal CancellationToken? HangFor(FaultRequest request)
    {
        lock (_gate)
        {
            return _hangs.FirstOrDefault(h => h.When(request))?.Released.Token;
        }
    }

    /// <summary>From now on, resuming a watch from any earlier resourceVersion gets 410 Expired.</summary>
    public void ExpireWatchHistory() => _expireHistory();

    /// <summary>The failure this request should get, if any rule claims it.</summary>
    internal ApiException? FailureFor(FaultRequest request)
    {
        lock (_gate)
        {
            foreach (var rule in _rules)
            {
                if (!rule.When(request))
                {
                    continue;
                }

                if (rule.Remaining is { } remaining)
                {
                    rule.Remaining = remaining - 1;
                    if (remaining - 1 == 0)
                    {
                        _rules.Remove(rule);
                    }
                }

                var retryAfter = rule.RetryAfter ?? (rule.StatusCode is 429 or 503 ? DefaultRetryAfter : null);
                return ApiErrors.Injected(rule.StatusCode, retryAfter is { } delay ? (int)Math.Ceiling(delay.TotalSeconds) : null);
            }

            return null;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _watchDrop.Dispose();
        }
    }

    private void Remove(FailureRule rule)
    {
        lock (_gate)
        {
            _rules.Remove(rule);
        }
    }

    private sealed class HangRule(Func<FaultRequest, bool> when)
    {
        public Func<FaultRequest, bool> When { get; } = when;

        public CancellationTokenSource Released { get; } = new();
    }

    private sealed class HangRelease(FaultInjector owner, HangRule rule) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._gate)
            {
                owner._hangs.Remove(rule);
            }

            rule.Released.Cancel();
        }
    }

    private sealed class RuleRemoval(FaultInjector owner, FailureRule rule) : IDisposable
    {
        public void Dispose() => owner.Remove(rule);
    }

    private sealed class ObserverRemoval(FaultInjector owner, Action<FaultRequest> observer) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._gate)
            {
                owner._observers.Remove(observer);
            }
        }
    }
}
