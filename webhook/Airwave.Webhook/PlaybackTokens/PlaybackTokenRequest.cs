namespace Airwave.Webhook.PlaybackTokens;

/// <summary>The body of `POST /v1/playback-tokens`: which VideoAsset (or private IVS LiveStream), for how long, and the thumbnail wanted.</summary>
public sealed record PlaybackTokenRequest
{
    /// <summary>VideoAsset (the default) or LiveStream.</summary>
    public string? Kind { get; init; }

    public string? Namespace { get; init; }

    public string? Name { get; init; }

    /// <summary>Seconds the tokens stay valid; 1 to 86400, an hour by default.</summary>
    public int? ExpiresInSeconds { get; init; }

    public ThumbnailParameters? Thumbnail { get; init; }

    public const int DefaultExpiresInSeconds = 3600;
    public const int MaxExpiresInSeconds = 86_400;
}

/// <summary>What a signed thumbnail shows; for a signed playback id these travel in the token, not the URL.</summary>
public sealed record ThumbnailParameters(int? Width, int? Height, double? Time);
