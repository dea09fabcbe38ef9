using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Client.Errors;
using Microsoft.Extensions.Logging;

namespace Airwave.Kubernetes.LeaderElection;

/// <summary>
/// Leader election on a coordination.k8s.io/v1 Lease, as client-go does it. Followers treat a lease as taken
/// until LeaseDuration has passed since they last saw it change (their own clock, never the holder's). The leader
/// stops leading when it has not renewed within RenewDeadline, which is shorter than LeaseDuration, so it has
/// stopped before any follower may take over.
/// </summary>
public sealed partial class LeaderElector
{
    // client-go's jitter: followers retry at 1x to 2.2x RetryPeriod so they do not race each other.
    private const double RetryJitter = 1.2;

    private readonly KubernetesClient _client;
    private readonly LeaderElectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private LeaseSpec? _observed;
    private DateTimeOffset _observedAt;
    private volatile bool _isLeader;

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

    /// <summary>Retries until the lease is ours; false when cancelled first.</summary>
    private async Task<bool> AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                if (await TryAcquireOrRenewAsync(cancellationToken))
                {
                    return true;
                }

                var wait = _options.RetryPeriod * (1 + (RetryJitter * Random.Shared.NextDouble()));
                await Task.Delay(wait, _time, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }
    }

    private async Task LeadAsync(Func<CancellationToken, Task> whileLeading, CancellationToken cancellationToken)
    {
        var renewedAt = _observedAt;
        using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        leading.CancelAfter(RemainingUntilDeadline(renewedAt));
        _isLeader = true;
        LogAcquired(_options.Identity, _options.Namespace, _options.LeaseName);

        var work = RunLeaderWorkAsync(whileLeading, leading.Token);
        while (!leading.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.RetryPeriod, _time, leading.Token);
                var attemptStarted = _time.GetUtcNow();
                if (await TryAcquireOrRenewAsync(leading.Token))
                {
                    // Measured from before the request: the server may have written it at any point after.
                    renewedAt = attemptStarted;
                    leading.CancelAfter(RemainingUntilDeadline(renewedAt));
                }
                else if (_observed?.HolderIdentity != _options.Identity)
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
        if (cancellationToken.IsCancellationRequested)
        {
            LogStoppedLeading(_options.Identity, "shutting down");
            if (_options.ReleaseOnCancel && _time.GetUtcNow() - renewedAt < _options.RenewDeadline)
            {
                await ReleaseAsync();
            }
        }
        else
        {
            LogStoppedLeading(_options.Identity, "could not renew the lease in time");
        }
    }

    private static async Task RunLeaderWorkAsync(Func<CancellationToken, Task> whileLeading, CancellationToken leading)
    {
        try
        {
            await whileLeading(leading);
        }
        catch (OperationCanceledException) when (leading.IsCancellationRequested)
        {
            // Leadership ended; the work stopped as asked.
        }
    }

    private TimeSpan RemainingUntilDeadline(DateTimeOffset renewedAt)
    {
        var remaining = renewedAt + _options.RenewDeadline - _time.GetUtcNow();
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var durationSeconds = (int)Math.Ceiling(_options.LeaseDuration.TotalSeconds);
        try
        {
            var lease = await _client.TryGetAsync<Lease>(ResourceType.Leases, _options.Namespace, _options.LeaseName, cancellationToken);
            if (lease is null)
            {
                var created = await _client.CreateAsync(
                    ResourceType.Leases,
                    new Lease
                    {
                        Metadata = new ObjectMeta { Name = _options.LeaseName, Namespace = _options.Namespace },
                        Spec = new LeaseSpec
                        {
                            HolderIdentity = _options.Identity,
                            LeaseDurationSeconds = durationSeconds,
                            AcquireTime = now,
                            RenewTime = now,
                            LeaseTransitions = 0,
                        },
                    },
                    cancellationToken);
                Observe(created.Spec, now);
                return true;
            }

            if (_observed is null || !_observed.Equals(lease.Spec))
            {
                Observe(lease.Spec, now);
            }

            var holder = lease.Spec.HolderIdentity;
            var held = !string.IsNullOrEmpty(holder) && holder != _options.Identity;
            var validFor = TimeSpan.FromSeconds(lease.Spec.LeaseDurationSeconds ?? durationSeconds);
            if (held && _observedAt + validFor > now)
            {
                return false;
            }

            var renewing = holder == _options.Identity;
            var spec = lease.Spec with
            {
                HolderIdentity = _options.Identity,
                LeaseDurationSeconds = durationSeconds,
                RenewTime = now,
                AcquireTime = renewing ? lease.Spec.AcquireTime : now,
                LeaseTransitions = renewing ? lease.Spec.LeaseTransitions : (lease.Spec.LeaseTransitions ?? 0) + 1,
            };

            // A replace with the read resourceVersion: if another instance wrote in between, ours fails with 409.
            var updated = await _client.UpdateAsync(ResourceType.Leases, lease with { Spec = spec }, cancellationToken);
            Observe(updated.Spec, now);
            return true;
        }
        catch (Exception e) when (KubernetesClient.IsRequestFailure(e))
        {
            LogAttemptFailed(_options.Identity, e.Message);
            return false;
        }
    }

    private void Observe(LeaseSpec spec, DateTimeOffset at)
    {
        _observed = spec;
        _observedAt = at;
    }

    private async Task ReleaseAsync()
    {
        using var timeout = new CancellationTokenSource(_options.RenewDeadline);
        try
        {
            var lease = await _client.GetAsync<Lease>(ResourceType.Leases, _options.Namespace, _options.LeaseName, timeout.Token);
            if (lease.Spec.HolderIdentity != _options.Identity)
            {
                return;
            }

            var now = _time.GetUtcNow();
            var released = lease with
            {
                Spec = lease.Spec with { HolderIdentity = null, LeaseDurationSeconds = 1, RenewTime = now, AcquireTime = now },
            };
            await _client.UpdateAsync(ResourceType.Leases, released, timeout.Token);
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
}
