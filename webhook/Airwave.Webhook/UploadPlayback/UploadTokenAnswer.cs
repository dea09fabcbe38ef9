namespace Airwave.Webhook.UploadPlayback;

/// <summary>What the token endpoint answers for an S3Upload LiveStream: its session, and that session's playlist signed.</summary>
public sealed record UploadTokenAnswer(string Session, long ExpiresAt, string PlaybackUrl, string? ViewToken);
