using Airwave.Api.LiveStreams;
using Airwave.Api.VideoAssets;
using Airwave.Operator.Configuration;

namespace Airwave.Operator.LiveStreams.Pipeline;

/// <summary>
/// The stream's MediaPackage endpoint as an origin of the live distribution, once its channel exists, while spec.live;
/// for an endpoint with CDN authorization, the origin sends its CDN identifier.
/// </summary>
public sealed class LiveOriginPart(LiveMembership live, OperatorOptions options) : IStreamPart
{
    /// <summary>A Signed stream needs the distribution to trust a key group and its endpoint to admit the distribution alone.</summary>
    public StreamProblem? Check(LiveStream stream) =>
        stream?.Spec.Playback.Policy != PlaybackPolicy.Signed ? null
        : options.PlaybackKeyGroupId is null
            ? new("NoPlaybackKeyGroup", "spec.playback.policy is Signed but the operator has no CloudFront key group for signed playback (its playbackKeyGroupId setting); ask the operator's administrators to configure one, or make the stream Public.")
        : !options.CdnAuthorization.IsConfigured
            ? new("NoCdnAuthorization", "spec.playback.policy is Signed but the operator has no MediaPackage CDN authorization (its cdnAuthorization.secretArn and cdnAuthorization.roleArn settings), without which the stream's MediaPackage endpoint would play to anyone; ask the operator's administrators to configure it, or make the stream Public.")
        : null;

    public async Task<PartResult> ReconcileAsync(StreamPass pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        if (pass.Pipeline is { Channel: not null, Endpoint: { } endpoint })
        {
            await live.ReconcileEndpointAsync(pass, endpoint, cancellationToken);
        }

        return PartResult.Done;
    }

    public async Task<bool> TeardownAsync(StreamTeardownPass pass, CancellationToken cancellationToken)
    {
        await live.TeardownAsync(pass, cancellationToken);
        return true;
    }
}
