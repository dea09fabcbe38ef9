namespace Airwave.Mux.Video;

/// <summary>
/// What Mux makes an asset with: where its input comes from (for a URL asset), its playback policies, video
/// quality, and what identifies it on its way back (passthrough, meta).
/// </summary>
public sealed record AssetSettings
{
    /// <summary>The file Mux fetches; none for a direct upload, whose file is the upload.</summary>
    public IReadOnlyList<AssetInput>? Input { get; init; }

    public IReadOnlyList<string>? PlaybackPolicy { get; init; }

    /// <summary>basic, plus or premium.</summary>
    public string? VideoQuality { get; init; }

    /// <summary>Up to 255 characters Mux keeps and returns with the asset and its webhooks.</summary>
    public string? Passthrough { get; init; }

    public AssetMeta? Meta { get; init; }
}

public sealed record AssetInput(string Url);

/// <summary>Descriptive metadata Mux keeps with an asset (title up to 512 characters, the others up to 128).</summary>
public sealed record AssetMeta
{
    public string? Title { get; init; }

    public string? CreatorId { get; init; }

    public string? ExternalId { get; init; }
}
