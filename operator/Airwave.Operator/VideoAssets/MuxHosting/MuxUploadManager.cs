using Airwave.Mux;
using Airwave.Mux.Video;
using Airwave.Operator.Resources;
using UploadSpec = Airwave.Api.VideoAssets.DirectUpload;

namespace Airwave.Operator.VideoAssets.MuxHosting;

/// <summary>
/// A VideoAsset's direct upload. Its new asset settings carry the VideoAsset's uid as passthrough, so an upload whose
/// creation was answered but not recorded is found among the waiting ones and used, not made again.
/// </summary>
public sealed class MuxUploadManager(IMuxClient mux)
{
    public static class States
    {
        public const string Waiting = "waiting";
        public const string AssetCreated = "asset_created";
        public const string TimedOut = "timed_out";
        public const string Cancelled = "cancelled";
        public const string Errored = "errored";
    }

    public Task<Observed<DirectUpload>> ReadOneAsync(string? uploadId, CancellationToken cancellationToken) =>
        MuxLookup.ReadAsync(uploadId, id => mux.GetUploadAsync(id, cancellationToken));

    private const int PageSize = 100;

    // Uploads carry no creation time to stop at; waiting ones are among the newest, so a few pages are enough.
    private const int MaxPages = 5;

    /// <summary>A waiting upload made for the VideoAsset with this uid, other than <paramref name="except"/>.</summary>
    public async Task<DirectUpload?> FindWaitingAsync(string uid, string? except, CancellationToken cancellationToken)
    {
        for (var page = 1; page <= MaxPages; page++)
        {
            var uploads = await mux.ListUploadsAsync(page, PageSize, cancellationToken);
            if (uploads.FirstOrDefault(u => u.Status == States.Waiting && u.Id != except && u.NewAssetSettings?.Passthrough == uid) is { } found)
            {
                return found;
            }

            if (uploads.Count < PageSize)
            {
                break;
            }
        }

        return null;
    }

    public Task<DirectUpload> CreateAsync(UploadSpec spec, AssetSettings settings, CancellationToken cancellationToken) =>
        mux.CreateUploadAsync(
            new DirectUploadRequest { CorsOrigin = spec.CorsOrigin ?? "*", Timeout = spec.TimeoutSeconds, NewAssetSettings = settings },
            cancellationToken);

    /// <summary>Closes a waiting upload; one that already ended, or is gone, needs nothing.</summary>
    public async Task CancelAsync(string uploadId, CancellationToken cancellationToken)
    {
        try
        {
            await mux.CancelUploadAsync(uploadId, cancellationToken);
        }
        catch (MuxApiException e) when (e.IsNotFound || (int)e.StatusCode == 400)
        {
        }
    }
}
