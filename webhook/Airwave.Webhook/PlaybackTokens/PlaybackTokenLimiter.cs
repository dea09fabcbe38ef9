using System.Threading.RateLimiting;

namespace Airwave.Webhook.PlaybackTokens;

/// <summary>
/// Token requests per caller (the user its bearer token stands for) and second: one app backend that loops cannot
/// take the service, or the API server's reviews behind it, from the others.
/// </summary>
public sealed class PlaybackTokenLimiter(int perSecond) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(caller =>
        RateLimitPartition.GetFixedWindowLimiter(caller, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = perSecond,
            Window = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
        }));

    public int PerSecond => perSecond;

    /// <summary>Whether the caller may have one more now.</summary>
    public bool TryAcquire(string caller)
    {
        using var lease = _limiter.AttemptAcquire(caller);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
