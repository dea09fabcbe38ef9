using Airwave.Webhook.Limits;

namespace Airwave.Webhook.ContentKeys;

/// <summary>
/// Key requests per client address and second: a player asks once per rotation period and rendition, so a loop
/// asking more cannot take the service from the others.
/// </summary>
public sealed class ContentKeyLimiter(int perSecond) : KeyedRateLimiter(perSecond, TimeSpan.FromSeconds(1));
