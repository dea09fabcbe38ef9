namespace Airwave.Mux.Video;

/// <summary>What can change on an existing asset: its passthrough and its descriptive metadata.</summary>
public sealed record AssetUpdate
{
    public string? Passthrough { get; init; }

    public AssetMeta? Meta { get; init; }
}
