using Airwave.Webhook.Limits;

namespace Airwave.Webhook.StreamApi;

/// <summary>Start and stop calls per caller and minute: an app backend that loops cannot make streams without end.</summary>
public sealed class StreamApiLimiter(int perMinute) : KeyedRateLimiter(perMinute, TimeSpan.FromMinutes(1));
