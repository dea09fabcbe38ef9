using System.Globalization;
using System.Text.Json;
using Airwave.Mux.Http;
using Airwave.Mux.Signing;
using Airwave.Mux.Video;

namespace Airwave.Mux;

/// <summary>The Mux REST API (https://docs.mux.com/api-reference): video uploads, assets and playback ids, and signing keys.</summary>
public sealed class MuxClient(HttpClient http, MuxClientOptions options, MuxCredentials credentials, TimeProvider? time = null) : IMuxClient
{
    private readonly MuxHttp _http = new(http, options, credentials, time ?? TimeProvider.System);

    public Task<DirectUpload> CreateUploadAsync(DirectUploadRequest request, CancellationToken ct) =>
        _http.SendAsync<DirectUpload>("CreateUpload", HttpMethod.Post, "video/v1/uploads", request, ct);

    public Task<DirectUpload> GetUploadAsync(string uploadId, CancellationToken ct) =>
        _http.SendAsync<DirectUpload>("GetUpload", HttpMethod.Get, $"video/v1/uploads/{Escape(uploadId)}", null, ct);

    public Task<DirectUpload> CancelUploadAsync(string uploadId, CancellationToken ct) =>
        _http.SendAsync<DirectUpload>("CancelUpload", HttpMethod.Put, $"video/v1/uploads/{Escape(uploadId)}/cancel", null, ct);

    public async Task<IReadOnlyList<DirectUpload>> ListUploadsAsync(int page, int limit, CancellationToken ct)
    {
        var query = $"video/v1/uploads?limit={limit.ToString(CultureInfo.InvariantCulture)}&page={page.ToString(CultureInfo.InvariantCulture)}";
        var answer = await _http.SendForEnvelopeAsync("ListUploads", HttpMethod.Get, query, null, ct);
        return answer["data"]?.Deserialize(MuxJson.TypeInfo<List<DirectUpload>>()) ?? [];
    }

    public Task<Asset> CreateAssetAsync(AssetSettings settings, CancellationToken ct) =>
        _http.SendAsync<Asset>("CreateAsset", HttpMethod.Post, "video/v1/assets", settings, ct);

    public Task<Asset> GetAssetAsync(string assetId, CancellationToken ct) =>
        _http.SendAsync<Asset>("GetAsset", HttpMethod.Get, $"video/v1/assets/{Escape(assetId)}", null, ct);

    public async Task<IReadOnlyList<InputInfo>> GetAssetInputInfoAsync(string assetId, CancellationToken ct)
    {
        var answer = await _http.SendForEnvelopeAsync("GetAssetInputInfo", HttpMethod.Get, $"video/v1/assets/{Escape(assetId)}/input-info", null, ct);
        return answer["data"]?.Deserialize(MuxJson.TypeInfo<List<InputInfo>>()) ?? [];
    }

    public async Task<AssetPage> ListAssetsAsync(string? cursor, int limit, CancellationToken ct)
    {
        var query = $"video/v1/assets?limit={limit.ToString(CultureInfo.InvariantCulture)}" + (cursor is null ? "" : $"&cursor={Escape(cursor)}");
        var page = await _http.SendForEnvelopeAsync("ListAssets", HttpMethod.Get, query, null, ct);
        var assets = page["data"]?.Deserialize(MuxJson.TypeInfo<List<Asset>>()) ?? [];
        return new AssetPage(assets, (string?)page["next_cursor"] is { Length: > 0 } next ? next : null);
    }

    public Task<Asset> UpdateAssetAsync(string assetId, AssetUpdate update, CancellationToken ct) =>
        _http.SendAsync<Asset>("UpdateAsset", HttpMethod.Patch, $"video/v1/assets/{Escape(assetId)}", update, ct);

    public Task DeleteAssetAsync(string assetId, CancellationToken ct) =>
        _http.SendAsync("DeleteAsset", HttpMethod.Delete, $"video/v1/assets/{Escape(assetId)}", null, ct);

    public Task<PlaybackId> CreatePlaybackIdAsync(string assetId, string policy, CancellationToken ct) =>
        _http.SendAsync<PlaybackId>("CreatePlaybackId", HttpMethod.Post, $"video/v1/assets/{Escape(assetId)}/playback-ids", new PlaybackIdRequest(policy), ct);

    public Task DeletePlaybackIdAsync(string assetId, string playbackId, CancellationToken ct) =>
        _http.SendAsync("DeletePlaybackId", HttpMethod.Delete, $"video/v1/assets/{Escape(assetId)}/playback-ids/{Escape(playbackId)}", null, ct);

    public Task<SigningKey> CreateSigningKeyAsync(CancellationToken ct) =>
        _http.SendAsync<SigningKey>("CreateSigningKey", HttpMethod.Post, "system/v1/signing-keys", null, ct);

    public Task<SigningKey> GetSigningKeyAsync(string signingKeyId, CancellationToken ct) =>
        _http.SendAsync<SigningKey>("GetSigningKey", HttpMethod.Get, $"system/v1/signing-keys/{Escape(signingKeyId)}", null, ct);

    public Task DeleteSigningKeyAsync(string signingKeyId, CancellationToken ct) =>
        _http.SendAsync("DeleteSigningKey", HttpMethod.Delete, $"system/v1/signing-keys/{Escape(signingKeyId)}", null, ct);

    private static string Escape(string segment) => Uri.EscapeDataString(segment);
}
