namespace Airwave.Webhook.VideoUploads;

/// <summary>
/// Uploads in parts to the AWS video bucket (section Webhook:VideoUploads): the bucket and key prefixes the operator's
/// provider Aws uses. Unset bucket: the endpoints answer 503.
/// </summary>
public sealed record VideoUploadSettings
{
    public string? Bucket { get; init; }

    public string KeyPrefix { get; init; } = "videos/";

    /// <summary>Where Signed videos' files go instead of <see cref="KeyPrefix"/>.</summary>
    public string SignedKeyPrefix { get; init; } = "signed-videos/";

    /// <summary>How long a presigned part URL lasts: long enough to send one part on a slow link.</summary>
    public TimeSpan PartUrlLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Requests one caller may make per second; more are refused with 429.</summary>
    public int RequestsPerCallerPerSecond { get; init; } = 20;
}
