using Airwave.Webhook.Limits;

namespace Airwave.Webhook.Views;

/// <summary>Views opened per client address and minute: one page reloading in a loop cannot fill the service with views.</summary>
public sealed class ViewOpenLimiter(int perMinute) : KeyedRateLimiter(perMinute, TimeSpan.FromMinutes(1))
{
    public int PerMinute => Permits;
}
