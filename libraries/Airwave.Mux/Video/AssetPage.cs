namespace Airwave.Mux.Video;

/// <summary>A page of assets, and the cursor of the next page (null on the last).</summary>
public sealed record AssetPage(IReadOnlyList<Asset> Assets, string? NextCursor);
