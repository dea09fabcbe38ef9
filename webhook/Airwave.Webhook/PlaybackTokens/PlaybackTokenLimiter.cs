using Airwave.Webhook.Limits;

namespace Airwave.Webhook.PlaybackTokens;

/// <summary>
/// Token requests per caller (the user its bearer token stands for) and second: one app backend that loops cannot
/// take the service, or the API server's reviews behind it, from the others.
/// </summary>
public sealed class PlaybackTokenLimiter(int perSecond) : KeyedRateLimiter(perSecond, TimeSpan.FromSeconds(1));
