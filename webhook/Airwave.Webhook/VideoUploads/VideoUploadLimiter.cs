using Airwave.Webhook.Limits;

namespace Airwave.Webhook.VideoUploads;

/// <summary>Upload requests per caller and second: one client that loops cannot take the service, or the API server's reviews behind it, from the others.</summary>
public sealed class VideoUploadLimiter(int perSecond) : KeyedRateLimiter(perSecond, TimeSpan.FromSeconds(1));
