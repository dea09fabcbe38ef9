using Airwave.Kubernetes.Client;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Airwave.Kubernetes.LeaderElection;

/// <summary>
/// Leader election on a coordination.k8s.io/v1 Lease, as client-go does it. Followers treat a lease as taken
/// until LeaseDuration has passed since they last saw it change (their own clock, never the holder's); unlike
/// client-go's, they watch the lease, so they see each change as it happens, take a released lease at once and try
/// again the moment a lease lapses. The leader stops leading when it has not renewed within RenewDeadline, which is
/// shorter than LeaseDuration, so it has stopped before any follower may take over. Every time is measured on the
/// monotonic clock, which a changed wall clock does not move; <see cref="EnsureMayWrite"/> checks the deadline at the
/// moment of a write by the leader's work, so a process that was paused past it (a stalled VM, a long GC pause) stops
/// leading before that work writes anything, not when its timers catch up.
/// </summary>
public sealed partial class LeaderElector
{
    // client-go's jitter: followers retry at 1x to 2.2x RetryPeriod so they do not race each other.
    private const double RetryJitter = 1.2;

    private static readonly TimeSpan LapseMargin = TimeSpan.FromMilliseconds(50);

    private readonly KubernetesClient _client;
    private readonly LeaderElectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private volatile Observation? _observation;
    private long _renewedAt;
    private volatile bool _isLeader;
    private volatile CancellationTokenSource? _leading;

    // Which term of leadership the running code was started in (0: it is not the leader's work); it flows with the
    // execution context into everything the work starts.
    private readonly AsyncLocal<long> _workTerm = new();
    private long _term;

    public LeaderElector(KubernetesClient client, LeaderElectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _client = client;
        _options = options;
        _time = client.TimeProvider;
        _logger = client.LoggerFactory.CreateLogger<LeaderElector>();
    }

    public bool IsLeader => _isLeader;
    public string Identity => _options.Identity;

    /// <summary>The term of leadership the calling work was started in; 0 for work that is not the leader's.</summary>
    public long WorkTerm => _workTerm.Value;

    /// <summary>
    /// Call right before a write. Code that is not the leader's work (startup, what every replica does) may always
    /// write. The leader's work may write while its term of leadership lasts and the lease was renewed within
    /// RenewDeadline; otherwise leadership stops (the work is cancelled) and <see cref="NotLeaderException"/> is thrown.
    /// </summary>
    public void EnsureMayWrite()
    {
        var term = _workTerm.Value;
        if (term == 0)
        {
            return;
        }

        // Work left over from an earlier term is refused without touching the current one.
        var current = term == Interlocked.Read(ref _term);
        var leading = current ? _leading : null;
        var sinceRenewal = _time.GetElapsedTime(Interlocked.Read(ref _renewedAt));
        if (_isLeader && leading is not null && sinceRenewal < _options.RenewDeadline)
        {
            return;
        }

        var token = new CancellationToken(canceled: true);
        if (leading is not null)
        {
            try
            {
                token = leading.Token;

                // At once, before the caller goes on: its token is this one or linked to it.
                leading.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Leadership had already ended.
            }
            catch (AggregateException)
            {
                // A callback of the leader's work failed as it was cancelled; that work reports its own failures.
            }
        }

        if (current)
        {
            _isLeader = false;
        }

        throw new NotLeaderException(
            leading is null
                ? $"{_options.Identity} no longer leads the term this work was started in (lease {_options.Namespace}/{_options.LeaseName})"
                : $"{_options.Identity} stopped leading: it last renewed lease {_options.Namespace}/{_options.LeaseName} {sinceRenewal.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)} s ago, past its renew deadline of {_options.RenewDeadline.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} s",
            token);
    }

    /// <summary>
    /// Campaigns until cancelled. Each time it becomes leader it runs <paramref name="whileLeading"/> with a token
    /// that is cancelled as soon as leadership is in doubt, waits for it to return, and campaigns again.
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task> whileLeading, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(whileLeading);
        while (!cancellationToken.IsCancellationRequested)
        {
            if (!await AcquireAsync(cancellationToken))
            {
                return;
            }

            await LeadAsync(whileLeading, cancellationToken);
        }
    }

    /// <summary>Retries until the lease is ours, at once when its holder gives it up; false when cancelled first.</summary>
    private async Task<bool> AcquireAsync(CancellationToken cancellationToken)
    {
        await using var releases = LeaseReleaseWatch.Start(_client, _options, _logger, lease => Observe(lease.Metadata.ResourceVersion, lease.Spec?.HolderIdentity, lease.Spec?.LeaseDurationSeconds, _time.GetTimestamp()));
        while (true)
        {
            try
            {
                if (await TryAcquireOrRenewAsync(cancellationToken))
                {
                    return true;
                }

                await releases.WaitAsync(UntilNextAttempt(), cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }
    }

    /// <summary>
    /// The next retry, or the moment the lease we saw held lapses if that comes first: a leader that died (SIGKILL, a
    /// lost node) is replaced when its lease runs out, not up to 2.2 retry periods later.
    /// </summary>
    private TimeSpan UntilNextAttempt()
    {
        var retry = _options.RetryPeriod * (1 + (RetryJitter * Random.Shared.NextDouble()));
        if (_observation is { Holder.Length: > 0, DurationSeconds: { } seconds } observed && observed.Holder != _options.Identity)
        {
            // Past the lapse by our own clock, never before it: a timer that fires early would cost a whole retry.
            var lapse = TimeSpan.FromSeconds(seconds) - _time.GetElapsedTime(observed.At) + LapseMargin;
            if (lapse > TimeSpan.Zero && lapse < retry)
            {
                return lapse;
            }
        }

        return retry;
    }

    private async Task LeadAsync(Func<CancellationToken, Task> whileLeading, CancellationToken cancellationToken)
    {
        using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        leading.CancelAfter(RemainingUntilDeadline());
        _leading = leading;
        var term = Interlocked.Increment(ref _term);
        _isLeader = true;
        LogAcquired(_options.Identity, _options.Namespace, _options.LeaseName);

        var work = RunLeaderWorkAsync(whileLeading, term, leading.Token);
        while (!leading.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.RetryPeriod, _time, leading.Token);
                if (await TryAcquireOrRenewAsync(leading.Token))
                {
                    leading.CancelAfter(RemainingUntilDeadline());
                }
                else if (_observation?.Holder != _options.Identity)
                {
                    break;
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        _isLeader = false;
        await leading.CancelAsync();
        await work;
        _leading = null;
        if (cancellationToken.IsCancellationRequested)
        {
            LogStoppedLeading(_options.Identity, "shutting down");
            if (_options.ReleaseOnCancel && _time.GetElapsedTime(Interlocked.Read(ref _renewedAt)) < _options.RenewDeadline)
            {
                await ReleaseAsync();
            }
        }
        else
        {
            LogStoppedLeading(_options.Identity, "could not renew the lease in time");
        }
    }

    private async Task RunLeaderWorkAsync(Func<CancellationToken, Task> whileLeading, long term, CancellationToken leading)
    {
        _workTerm.Value = term;
        try
        {
            await whileLeading(leading);
        }
        catch (OperationCanceledException) when (leading.IsCancellationRequested)
        {
            // Leadership ended; the work stopped as asked.
        }
    }

    private TimeSpan RemainingUntilDeadline()
    {
        var remaining = _options.RenewDeadline - _time.GetElapsedTime(Interlocked.Read(ref _renewedAt));
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();

        // Measured from before the request: the server may have written it at any point after.
        var started = _time.GetTimestamp();
        var durationSeconds = (int)Math.Ceiling(_options.LeaseDuration.TotalSeconds);
        try
        {
            var leases = _client.Api.CoordinationV1;
            var lease = await leases.ReadNamespacedLeaseAsync(_options.LeaseName, _options.Namespace, cancellationToken: cancellationToken).OrNull();
            if (lease is null)
            {
                var created = await leases.CreateNamespacedLeaseAsync(
                    new V1Lease
                    {
                        Metadata = new V1ObjectMeta { Name = _options.LeaseName, NamespaceProperty = _options.Namespace },
                        Spec = new V1LeaseSpec
                        {
                            HolderIdentity = _options.Identity,
                            LeaseDurationSeconds = durationSeconds,
                            AcquireTime = now.UtcDateTime,
                            RenewTime = now.UtcDateTime,
                            LeaseTransitions = 0,
                        },
                    },
                    _options.Namespace,
                    cancellationToken: cancellationToken);
                Observe(created.Metadata?.ResourceVersion, created.Spec, started);
                Interlocked.Exchange(ref _renewedAt, started);
                return true;
            }

            var spec = lease.Spec ?? new V1LeaseSpec();
            Observe(lease.Metadata?.ResourceVersion, spec, started);

            var holder = spec.HolderIdentity;
            var held = !string.IsNullOrEmpty(holder) && holder != _options.Identity;
            var validFor = TimeSpan.FromSeconds(spec.LeaseDurationSeconds ?? durationSeconds);
            if (held && _time.GetElapsedTime(_observation!.At) < validFor)
            {
                return false;
            }

            var renewing = holder == _options.Identity;
            lease.Spec = new V1LeaseSpec
            {
                HolderIdentity = _options.Identity,
                LeaseDurationSeconds = durationSeconds,
                RenewTime = now.UtcDateTime,
                AcquireTime = renewing ? spec.AcquireTime : now.UtcDateTime,
                LeaseTransitions = renewing ? spec.LeaseTransitions : (spec.LeaseTransitions ?? 0) + 1,
                PreferredHolder = spec.PreferredHolder,
                Strategy = spec.Strategy,
            };

            // A replace with the read resourceVersion: if another instance wrote in between, ours fails with 409.
            var updated = await leases.ReplaceNamespacedLeaseAsync(lease, _options.LeaseName, _options.Namespace, cancellationToken: cancellationToken);
            Observe(updated.Metadata?.ResourceVersion, updated.Spec, started);
            Interlocked.Exchange(ref _renewedAt, started);
            return true;
        }
        catch (Exception e) when (KubernetesClient.IsRequestFailure(e))
        {
            LogAttemptFailed(_options.Identity, e.Message);
            return false;
        }
    }

    private void Observe(string? resourceVersion, V1LeaseSpec? spec, long at) =>
        Observe(resourceVersion, spec?.HolderIdentity, spec?.LeaseDurationSeconds, at);

    /// <summary>
    /// A version of the lease not seen before (read, written, or from the follower's watch, which sees every renewal
    /// as it happens) restarts the wait for it to lapse, from when it was seen; the same version seen again does not.
    /// </summary>
    private void Observe(string? resourceVersion, string? holder, int? durationSeconds, long at)
    {
        if (resourceVersion is null || _observation?.ResourceVersion != resourceVersion)
        {
            _observation = new Observation(resourceVersion, holder, durationSeconds, at);
        }
    }

    private async Task ReleaseAsync()
    {
        using var timeout = new CancellationTokenSource(_options.RenewDeadline);
        try
        {
            var leases = _client.Api.CoordinationV1;
            var lease = await leases.ReadNamespacedLeaseAsync(_options.LeaseName, _options.Namespace, cancellationToken: timeout.Token);
            if (lease.Spec?.HolderIdentity != _options.Identity)
            {
                return;
            }

            var now = _time.GetUtcNow().UtcDateTime;
            (lease.Spec.HolderIdentity, lease.Spec.LeaseDurationSeconds, lease.Spec.RenewTime, lease.Spec.AcquireTime) = (null, 1, now, now);
            await leases.ReplaceNamespacedLeaseAsync(lease, _options.LeaseName, _options.Namespace, cancellationToken: timeout.Token);
            LogReleased(_options.Identity);
        }
        catch (Exception e) when (KubernetesClient.IsRequestFailure(e) || e is OperationCanceledException)
        {
            // The others take over once the lease expires instead.
            LogAttemptFailed(_options.Identity, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} became leader (lease {Namespace}/{Lease})")]
    private partial void LogAcquired(string identity, string @namespace, string lease);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity} stopped leading: {Reason}")]
    private partial void LogStoppedLeading(string identity, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} released the lease")]
    private partial void LogReleased(string identity);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Identity}: lease attempt failed: {Error}")]
    private partial void LogAttemptFailed(string identity, string error);

    /// <summary>The lease as last seen changed, and when (a monotonic timestamp of this process).</summary>
    private sealed record Observation(string? ResourceVersion, string? Holder, int? DurationSeconds, long At);
}
