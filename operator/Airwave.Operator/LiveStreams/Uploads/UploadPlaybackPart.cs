using Airwave.Api.LiveStreams;
using Airwave.Aws.S3;
using Airwave.Operator.Configuration;
using Airwave.Operator.LiveStreams.Cost;

namespace Airwave.Operator.LiveStreams.Uploads;

/// <summary>
/// With spec.live, an S3Upload stream's latest session's playlist through the live distribution (a stopped stream's
/// last session stays there, to be watched again), read from the archive bucket with the installation's origin access
/// control; status.playback.url is that URL. Without it, the stream is taken off the distribution.
/// </summary>
public sealed class UploadPlaybackPart(LiveStreamAws aws, LiveMembership live, OperatorOptions options) : IStreamPart
{
    public IEnumerable<PartCost> Costs(LiveStream stream, PriceTable prices) => [CostComponents.Delivery];

    public async Task<PartResult> ReconcileAsync(StreamPass pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var (stream, draft) = (pass.Stream, pass.Draft);
        var latest = draft.Status.Sessions.LastOrDefault(s => s.ArchivePath is not null);
        if (stream.Spec.Live && latest is null)
        {
            draft.Condition(LiveStreamConditions.Live, false, "NoSession", "spec.live is true: the stream plays through the live distribution once it has started.");
            return PartResult.Done;
        }

        if (stream.Spec.Live && options.Upload.OriginAccessControlId is null)
        {
            draft.Condition(LiveStreamConditions.Live, false, "NoOriginAccessControl", "spec.live is true but the operator has no origin access control to read the archive bucket through the live distribution with (config.upload.originAccessControlId).");
            return PartResult.Done;
        }

        var playlist = stream.Spec.Source.S3Upload?.Playlist ?? new S3UploadSource().Playlist;
        await live.ReconcileAsync(
            pass,
            ct =>
            {
                var (bucket, prefix) = S3Path.Parse(latest!.ArchivePath)!;
                return aws.LiveDistribution.UploadPlanAsync(pass.Identity, bucket, prefix, playlist, options.Upload.OriginAccessControlId!, ct);
            },
            cancellationToken);
        draft.Update(s => s with { Playback = s.Playback?.LiveUrl is { } url ? s.Playback with { Url = url } : null });
        return PartResult.Done;
    }

    public async Task<bool> TeardownAsync(StreamTeardownPass pass, CancellationToken cancellationToken)
    {
        await live.TeardownAsync(pass, cancellationToken);
        return true;
    }
}
