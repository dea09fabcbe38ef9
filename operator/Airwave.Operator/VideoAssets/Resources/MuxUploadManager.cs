using Airwave.Mux;
using Airwave.Mux.Video;
using Airwave.Operator.Resources;
using UploadSpec = Airwave.Api.VideoAssets.DirectUpload;

namespace Airwave.Operator.VideoAssets.Resources;

/// <summary>
/// A VideoAsset's direct upload. An upload whose creation was answered but not recorded is left to time out: nobody
/// learnt its URL, so no file can arrive through it, and Mux keeps no asset for it.
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

    public async Task<Observed<DirectUpload>> ReadOneAsync(string? uploadId, CancellationToken cancellationToken)
    {
        if (uploadId is null)
        {
            return Observed.Absent<DirectUpload>();
        }

        try
        {
            return Observed.Found(await mux.GetUploadAsync(uploadId, cancellationToken));
        }
        catch (MuxApiException e) when (e.IsNotFound)
        {
            return Observed.Missing<DirectUpload>();
        }
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
