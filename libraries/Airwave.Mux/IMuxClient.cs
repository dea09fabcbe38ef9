using Airwave.Mux.Signing;
using Airwave.Mux.Video;

namespace Airwave.Mux;

/// <summary>The calls to the Mux API the operator makes. Errors are <see cref="MuxApiException"/>s.</summary>
public interface IMuxClient
{
    Task<DirectUpload> CreateUploadAsync(DirectUploadRequest request, CancellationToken ct);

    Task<DirectUpload> GetUploadAsync(string uploadId, CancellationToken ct);

    Task<DirectUpload> CancelUploadAsync(string uploadId, CancellationToken ct);

    /// <summary>One page (1 is the first) of the environment's direct uploads, newest first.</summary>
    Task<IReadOnlyList<DirectUpload>> ListUploadsAsync(int page, int limit, CancellationToken ct);

    /// <summary>An asset from a file Mux fetches (<see cref="AssetSettings.Input"/>).</summary>
    Task<Asset> CreateAssetAsync(AssetSettings settings, CancellationToken ct);

    Task<Asset> GetAssetAsync(string assetId, CancellationToken ct);

    /// <summary>The inputs the asset was made from, with the container and tracks Mux found in each file.</summary>
    Task<IReadOnlyList<InputInfo>> GetAssetInputInfoAsync(string assetId, CancellationToken ct);

    /// <summary>One page of the account's assets, newest first; pass the page's <see cref="AssetPage.NextCursor"/> for the next.</summary>
    Task<AssetPage> ListAssetsAsync(string? cursor, int limit, CancellationToken ct);

    /// <summary>Changes an asset's passthrough or metadata (PATCH; what the update leaves out stays).</summary>
    Task<Asset> UpdateAssetAsync(string assetId, AssetUpdate update, CancellationToken ct);

    Task DeleteAssetAsync(string assetId, CancellationToken ct);

    Task<PlaybackId> CreatePlaybackIdAsync(string assetId, string policy, CancellationToken ct);

    Task DeletePlaybackIdAsync(string assetId, string playbackId, CancellationToken ct);

    Task<SigningKey> CreateSigningKeyAsync(CancellationToken ct);

    Task<SigningKey> GetSigningKeyAsync(string signingKeyId, CancellationToken ct);

    Task DeleteSigningKeyAsync(string signingKeyId, CancellationToken ct);
}
