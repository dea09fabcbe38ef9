using Airwave.Kubernetes.Client;
using Microsoft.Extensions.Logging;

namespace Airwave.Kubernetes.LeaderElection;

/// <summary>
/// A follower's watch on the lease while it campaigns: it wakes the follower as soon as the lease is given up (no
/// holder) or deleted, so that a leader's graceful stop — a rollout, a drained node — is taken over at once instead
/// of at the follower's next retry, and it shows the follower every renewal as it happens, so that a leader that died
/// without releasing is taken over when the lease lapses counted from its true last renewal, not from the follower's
/// last look. A watch that fails is opened again after a retry period; until then the follower only retries as before.
/// </summary>
internal sealed partial class LeaseReleaseWatch : IAsyncDisposable
{
    // Long enough to cost the API server little, short enough that a connection lost without notice is renewed.
    private static readonly TimeSpan WatchTimeout = TimeSpan.FromMinutes(5);

    private readonly KubernetesClient _client;
    private readonly LeaderElectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<WatchedLease> _seen;
    private readonly SemaphoreSlim _released = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watching;

    private LeaseReleaseWatch(KubernetesClient client, LeaderElectionOptions options, ILogger logger, Action<WatchedLease> seen)
    {
        _client = client;
        _options = options;
        _time = client.TimeProvider;
        _logger = logger;
        _seen = seen;
        _watching = Task.Run(() => WatchAsync(_stop.Token));
    }

    /// <param name="seen">Called with the lease each time it changes (and once as it is when the watch opens).</param>
    public static LeaseReleaseWatch Start(KubernetesClient client, LeaderElectionOptions options, ILogger logger, Action<WatchedLease> seen) => new(client, options, logger, seen);

    /// <summary>Waits up to <paramref name="timeout"/> for the lease to be given up; true when it was.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var elapsed = new CancellationTokenSource(timeout, _time);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, elapsed.Token);
        try
        {
            await _released.WaitAsync(wait.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watching;
        _stop.Dispose();
        _released.Dispose();
    }

    private async Task WatchAsync(CancellationToken stop)
    {
        var options = new WatchOptions { FieldSelector = $"metadata.name={_options.LeaseName}", Timeout = WatchTimeout, AllowWatchBookmarks = false };
        while (!stop.IsCancellationRequested)
        {
            var opened = _time.GetTimestamp();
            try
            {
                // Opened without a resourceVersion, a watch begins with the lease as it is now: one given up between
                // the follower's last look and this watch wakes it too.
                await foreach (var change in _client.WatchAsync<WatchedLease>(ResourceType.Leases, _options.Namespace, options, stop))
                {
                    if (change.Type == WatchEventType.Deleted || change.Resource is { IsHeld: false })
                    {
                        Wake();
                    }
                    else if (change.Resource is { } lease)
                    {
                        _seen(lease);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The watch only hastens the campaign: nothing it meets may end it.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogWatchFailed(_options.Identity, e.Message);
            }

            // A watch the server ends at once (or that fails) is not opened again in a tight loop.
            var lasted = _time.GetElapsedTime(opened);
            if (lasted < _options.RetryPeriod && !await DelayAsync(_options.RetryPeriod - lasted, stop))
            {
                return;
            }
        }
    }

    /// <summary>False when stopped first.</summary>
    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, _time, stop);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    // The only writer: a wake that finds one already waiting to be taken adds nothing.
    private void Wake()
    {
        if (_released.CurrentCount == 0)
        {
            _released.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Identity}: watching the lease failed, retrying meanwhile: {Error}")]
    private partial void LogWatchFailed(string identity, string error);
}
