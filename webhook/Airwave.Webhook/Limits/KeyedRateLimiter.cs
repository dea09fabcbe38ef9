using System.Threading.RateLimiting;

namespace Airwave.Webhook.Limits;

/// <summary>At most <see cref="Permits"/> per key (a caller, an address) in each window; more are refused, never queued.</summary>
public abstract class KeyedRateLimiter(int permits, TimeSpan window) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
        }));

    public int Permits => permits;

    /// <summary>Whether the key may have one more now.</summary>
    public bool TryAcquire(string key)
    {
        using var lease = _limiter.AttemptAcquire(key);
        return lease.IsAcquired;
    }

    public void Dispose()
    {
        _limiter.Dispose();
        GC.SuppressFinalize(this);
    }
}
