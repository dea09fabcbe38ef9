using System.Threading.RateLimiting;

namespace Airwave.Webhook.Callbacks;

/// <summary>
/// Verified callbacks acted on per second, across all senders. It is asked only after the signature check, so forged
/// requests, however many, never use up what the provider's own callbacks may take.
/// </summary>
public sealed class CallbackLimiter(int perSecond) : IDisposable
{
    private readonly FixedWindowRateLimiter _limiter = new(new FixedWindowRateLimiterOptions
    {
        PermitLimit = perSecond,
        Window = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
    });

    public int PerSecond => perSecond;

    /// <summary>Whether one more may be acted on now.</summary>
    public bool TryAcquire()
    {
        using var lease = _limiter.AttemptAcquire();
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
