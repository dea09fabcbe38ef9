namespace Airwave.Mux.Video;

/// <summary>
/// A URL a browser or app uploads one file to (PUT, or in chunks); Mux then makes an asset of it. Status goes
/// `waiting` → `asset_created`, or `errored`, `cancelled`, `timed_out`.
/// </summary>
public sealed record DirectUpload
{
    public required string Id { get; init; }

    public required string Status { get; init; }

    /// <summary>Where the file goes; present while the upload waits.</summary>
    public string? Url { get; init; }

    /// <summary>Seconds the URL stays open.</summary>
    public int Timeout { get; init; }

    public string? CorsOrigin { get; init; }

    public string? AssetId { get; init; }

    public AssetSettings? NewAssetSettings { get; init; }

    public UploadError? Error { get; init; }
}

public sealed record UploadError(string? Type, string? Message);

/// <summary>What a new direct upload is made with.</summary>
public sealed record DirectUploadRequest
{
    /// <summary>The origin a browser uploads from (CORS), or `*`.</summary>
    public required string CorsOrigin { get; init; }

    /// <summary>Seconds the URL stays open (Mux's default is an hour).</summary>
    public int? Timeout { get; init; }

    public AssetSettings? NewAssetSettings { get; init; }
}
