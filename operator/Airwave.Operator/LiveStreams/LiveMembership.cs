using Airwave.Api.LiveStreams;
using Airwave.Events;
using Airwave.Kubernetes.Events;
using Airwave.Operator.Configuration;
using Airwave.Operator.LiveStreams.Resources;

namespace Airwave.Operator.LiveStreams;

/// <summary>
/// A stream's place on the installation's live distribution: on it while spec.live, off it otherwise, with the
/// Live condition, Events and downstream events saying which. What it is served from (the MediaPackage endpoint, the
/// upload bucket) is the caller's.
/// </summary>
public sealed class LiveMembership(LiveDistributionManager distribution, OperatorOptions options)
{
    /// <summary>Puts the stream on the live distribution while spec.live (<paramref name="add"/> returns its URL there), else takes it off.</summary>
    public async Task ReconcileAsync(StreamPass pass, Func<string, CancellationToken, Task<LivePlacement>> add, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        ArgumentNullException.ThrowIfNull(add);
        var (stream, draft) = (pass.Stream, pass.Draft);
        var distributionId = options.LiveDistributionId;
        var liveUrl = draft.Status.Playback?.LiveUrl;
        if (stream.Spec.Live && distributionId is null)
        {
            draft.Condition(LiveStreamConditions.Live, false, "NoLiveDistribution", "spec.live is true but the operator has no live distribution configured (liveDistributionId).");
            return;
        }

        if (stream.Spec.Live)
        {
            var (url, written) = await add(distributionId!, cancellationToken);
            if (liveUrl != url)
            {
                await pass.RecordAsync(EventType.Normal, "LiveOn", "Live", $"Serving on live distribution {distributionId} at {url}", cancellationToken);
                pass.Announce(EventTypes.StreamLiveOn, pass.Generation, draft.Status.CurrentSessionId);
            }
            else if (written)
            {
                // Served at the same URL, yet its origin or cache behavior had to be written again: someone changed them.
                await pass.RecordDriftRevertedAsync($"live distribution {distributionId}", $"origins[{pass.Identity.CloudFrontOriginId}], cacheBehaviors[{pass.Identity.CloudFrontOriginId}]", cancellationToken);
            }

            draft.Update(s => s with { Playback = (s.Playback ?? new PlaybackStatus()) with { LiveUrl = url } });
            draft.Condition(LiveStreamConditions.Live, true, "OnLiveDistribution", $"Served by live distribution {distributionId}.");
            return;
        }

        if (liveUrl is not null && distributionId is not null)
        {
            await distribution.RemoveAsync(distributionId, pass.Identity, cancellationToken);
            await pass.RecordAsync(EventType.Normal, "LiveOff", "Live", $"Removed from live distribution {distributionId}", cancellationToken);
            pass.Announce(EventTypes.StreamLiveOff, pass.Generation, draft.Status.CurrentSessionId);
        }

        draft.Update(s => s with { Playback = s.Playback is { } playback ? playback with { LiveUrl = null } : null });
        draft.Condition(LiveStreamConditions.Live, false, "NotLive", "spec.live is false.");
    }

    /// <summary>Takes a deleted stream off the distribution; only one that asked to be live was ever put on it.</summary>
    public async Task TeardownAsync(StreamTeardownPass pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        if (options.LiveDistributionId is { } distributionId && (pass.Stream.Spec.Live || pass.Stream.Status?.Playback?.LiveUrl is not null))
        {
            await distribution.RemoveAsync(distributionId, pass.Identity, cancellationToken);
        }
    }
}
