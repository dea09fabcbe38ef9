using Airwave.Kubernetes.Informers;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Airwave.Operator.Kubernetes;

/// <summary>Ready once every informer's cache has synced; a follower with warm caches is ready too.</summary>
internal sealed class InformersReady(IEnumerable<IInformer> informers) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var pending = informers.Where(i => !i.HasSynced).ToList();
        return Task.FromResult(pending.Count == 0
            ? HealthCheckResult.Healthy("caches synced")
            : HealthCheckResult.Unhealthy($"{pending.Count} cache(s) not synced yet"));
    }
}
