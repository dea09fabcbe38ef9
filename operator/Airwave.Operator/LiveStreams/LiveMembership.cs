using Airwave.Api.LiveStreams;
using Airwave.Api.VideoAssets;
using Airwave.Aws.MediaPackage;
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
    /// <summary>Puts the stream on the live distribution while spec.live, as <paramref name="planFor"/> says, else takes it off.</summary>
    public async Task ReconcileAsync(StreamPass pass, Func<CancellationToken, Task<LivePlan>> planFor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        ArgumentNullException.ThrowIfNull(planFor);
        var (stream, draft) = (pass.Stream, pass.Draft);
        var distributionId = options.LiveDistributionId;
        var liveUrl = draft.Status.Playback?.LiveUrl;
        if (stream.Spec.Live && distributionId is null)
        {
            draft.Condition(LiveStreamConditions.Live, false, "NoLiveDistribution", "spec.live is true but the operator has no live distribution configured (liveDistributionId).");
            return;
        }

        var signed = stream.Spec.Playback.Policy == PlaybackPolicy.Signed;
        if (stream.Spec.Live)
        {
            var plan = await planFor(cancellationToken);
            if (signed)
            {
                // The stream's parts refuse a Signed stream while the operator has no key group (LiveOriginPart.Check).
                plan = plan with { Behavior = plan.Behavior with { TrustedKeyGroupId = options.PlaybackKeyGroupId } };
            }

            var url = await distribution.ViewerUrlAsync(plan.ViewerPath, cancellationToken);
            // A place written again while its viewer URL stays is drift; a new URL (a new session's prefix) is a move.
            await PlaceAsync(pass, plan, moved: liveUrl is not null && liveUrl != url, cancellationToken);
            if (liveUrl != url)
            {
                await pass.RecordAsync(EventType.Normal, "LiveOn", "Live", $"Serving on live distribution {distributionId} at {url}", cancellationToken);
                pass.Announce(EventTypes.StreamLiveOn, pass.Generation, draft.Status.CurrentSessionId);
            }

            draft.Update(s => s with { Playback = (s.Playback ?? new PlaybackStatus()) with { LiveUrl = url } });
            draft.Condition(LiveStreamConditions.Live, true, "OnLiveDistribution", signed
                ? $"Served by live distribution {distributionId} to requests signed with a key of key group {options.PlaybackKeyGroupId}."
                : $"Served by live distribution {distributionId}.");
            return;
        }

        if (liveUrl is not null && distributionId is not null)
        {
            await distribution.DeleteAsync(pass.Identity.CloudFrontOriginId, cancellationToken);
            await pass.RecordAsync(EventType.Normal, "LiveOff", "Live", $"Removed from live distribution {distributionId}", cancellationToken);
            pass.Announce(EventTypes.StreamLiveOff, pass.Generation, draft.Status.CurrentSessionId);
        }

        draft.Update(s => s with { Playback = s.Playback is { } playback ? playback with { LiveUrl = null } : null });
        draft.Condition(LiveStreamConditions.Live, false, "NotLive", "spec.live is false.");
    }

    /// <summary>Puts a stream served from its MediaPackage endpoint on the live distribution while spec.live, else takes it off.</summary>
    public Task ReconcileEndpointAsync(StreamPass pass, OriginEndpoint endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        return ReconcileAsync(pass, ct => distribution.EndpointPlanAsync(pass.Identity, endpoint, ct), cancellationToken);
    }

    /// <summary>Takes a deleted stream off the distribution; only one that asked to be live was ever put on it.</summary>
    public async Task TeardownAsync(StreamTeardownPass pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        if (options.LiveDistributionId is { } distributionId && (pass.Stream.Spec.Live || pass.Stream.Status?.Playback?.LiveUrl is not null))
        {
            await distribution.DeleteAsync(pass.Identity.CloudFrontOriginId, cancellationToken);
        }
    }

    /// <summary>
    /// Makes the stream's origin and cache behavior the plan's. Where it is served from stays (the viewer URL did not
    /// move) yet they had to be written: someone changed or removed them, which is said as drift.
    /// </summary>
    private async Task PlaceAsync(StreamPass pass, LivePlan plan, bool moved, CancellationToken cancellationToken)
    {
        var what = $"live distribution {options.LiveDistributionId}";
        var served = pass.Draft.Status.Playback?.LiveUrl is not null;
        var found = await distribution.ReadOneAsync(served ? pass.Identity.CloudFrontOriginId : null, pass.Identity, cancellationToken);
        if (found.Resource is not { } place)
        {
            await distribution.CreateAsync(plan, pass.Identity, replacing: null, cancellationToken);
            if (found.WentMissing && !moved)
            {
                await pass.RecordDriftRevertedAsync(what, $"origins[{plan.Origin.Id}], cacheBehaviors[{plan.Origin.Id}]", cancellationToken);
            }

            return;
        }

        if (distribution.Delta(place, plan, pass.SpecChanged) is { NeedsUpdate: true } delta)
        {
            await distribution.UpdateAsync(place, plan, cancellationToken);
            if (served && !moved)
            {
                await pass.ReportUpdateAsync(what, delta, $"The stream's origin on {what} now has {delta.Describe()}", cancellationToken);
            }
        }
    }
}
