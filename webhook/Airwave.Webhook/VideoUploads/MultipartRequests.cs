namespace Airwave.Webhook.VideoUploads;

/// <summary>The body of a request for part URLs: at most <see cref="MaxPerRequest"/> part numbers, each from 1 to 10,000.</summary>
public sealed record PartUrlRequest(IReadOnlyList<int>? PartNumbers)
{
    public const int MaxPerRequest = 100;
}

/// <summary>The body that completes an upload: every part sent, with the ETag S3 answered its PUT with.</summary>
public sealed record CompleteRequest(IReadOnlyList<CompletedPart>? Parts);

public sealed record CompletedPart(int PartNumber, string? ETag);

/// <summary>S3's limits on a multipart upload.</summary>
public static class MultipartLimits
{
    public const int MaxParts = 10_000;

    /// <summary>Every part but the last must be at least this large.</summary>
    public const long MinPartBytes = 5L << 20;

    /// <summary>What a client should send in each part: 100 MiB parts take a 20 GiB file in about 200.</summary>
    public const long SuggestedPartBytes = 100L << 20;
}
