using Airwave.Operator.LiveStreams.Resources;

namespace Airwave.Operator.LiveStreams.Pipeline;

/// <summary>The stream's MediaPackage endpoint as an origin of the live distribution, once its channel exists, while spec.live.</summary>
public sealed class LiveOriginPart(LiveMembership live) : IStreamPart
{
    public async Task<PartResult> ReconcileAsync(StreamPass pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        if (pass.Pipeline is { Channel: not null, Endpoint: { } endpoint })
        {
            await live.ReconcileAsync(pass, _ => Task.FromResult(LiveDistributionManager.EndpointPlan(pass.Identity, endpoint)), cancellationToken);
        }

        return PartResult.Done;
    }

    public async Task<bool> TeardownAsync(StreamTeardownPass pass, CancellationToken cancellationToken)
    {
        await live.TeardownAsync(pass, cancellationToken);
        return true;
    }
}
