using Airwave.Api.LiveStreams;
using Airwave.Operator.Configuration;
using Airwave.Operator.LiveStreams.Resources;
using Airwave.Aws.MediaPackage;
using Airwave.Operator.LiveStreams.Cost;

namespace Airwave.Operator.LiveStreams.Pipeline;

/// <summary>
/// The stream's MediaPackage channel and its HLS origin endpoint, whose start-over window and encryption follow the
/// spec: status.playback.url, and the PackagingReady condition (<see cref="Encryption.EncryptionPart"/> tells whether it encrypts).
/// </summary>
public sealed class PackagingPart(OperatorOptions options) : IStreamPart
{
    public StreamProblem? Check(LiveStream stream)
    {
        var encryption = (stream ?? throw new ArgumentNullException(nameof(stream))).Spec.Playback.Encryption;
        if (encryption.Enabled == true && !options.Speke.IsConfigured)
        {
            return new("NoKeyProvider", "spec.playback.encryption.enabled is true but the operator has no key provider for HLS encryption (its speke.url and speke.roleArn settings); leave enabled unset to play unencrypted until one is configured, or ask the operator's administrators to configure one.");
        }

        return encryption.Enabled != false && encryption.Method == EncryptionMethod.SampleAes && !(options.Speke.IsConfigured && options.Speke.FairPlay)
            ? new("NoFairPlayKeyProvider", "spec.playback.encryption.method is SampleAes (FairPlay), but the operator's key provider does not serve FairPlay keys (its speke.fairPlay setting, for a DRM provider's SPEKE endpoint at speke.url); use method Aes128, or ask the operator's administrators for a FairPlay key provider.")
            : null;
    }

    public IEnumerable<PartCost> Costs(LiveStream stream, PriceTable prices) =>
        [CostComponents.MediaPackageIngest(stream?.Spec ?? throw new ArgumentNullException(nameof(stream)), prices), CostComponents.OriginDelivery(stream.Status?.Aws, prices)];

    public async Task<PartResult> ReconcileAsync(StreamPass pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var (spec, draft, resources) = (pass.Stream.Spec, pass.Draft, pass.Resources);
        var ids = draft.Status.Aws ?? new AwsResources();
        var package = await pass.EnsureAsync(
            new ManagedResource<Channel, PackageChannelPlan>(resources.PackageChannels, "MediaPackage channel", c => c.Id, (c, delta) => $"MediaPackage channel {c.Id} updated: {delta.Describe()}"),
            ids.PackageChannelId,
            new PackageChannelPlan(spec.Description),
            cancellationToken);
        var endpoint = await pass.EnsureAsync(
            new ManagedResource<OriginEndpoint, PlaybackSpec>(resources.PackageEndpoints, "MediaPackage endpoint", e => e.Id, (e, _) => $"Start-over window and encryption of endpoint {e.Id} updated"),
            ids.PackageEndpointId,
            spec.Playback,
            cancellationToken);
        (pass.Pipeline.Package, pass.Pipeline.Endpoint) = (package, endpoint);
        draft.Update(s => s with
        {
            Aws = ids with { PackageChannelId = package.Id, PackageEndpointId = endpoint.Id },
            Playback = new PlaybackStatus { Url = endpoint.Url, LiveUrl = s.Playback?.LiveUrl },
        });
        draft.Condition(LiveStreamConditions.PackagingReady, true, "Created", $"MediaPackage channel {package.Id} serves {endpoint.Url}.");
        return PartResult.Done;
    }

    /// <summary>The endpoint, then the channel it packages; MediaPackage deletes both at once.</summary>
    public async Task<bool> TeardownAsync(StreamTeardownPass pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var (ids, resources) = (pass.Stream.Status?.Aws ?? new AwsResources(), pass.Resources);
        if (await resources.PackageEndpoints.RemainingAsync(ids.PackageEndpointId, cancellationToken) is { } endpoint)
        {
            await resources.PackageEndpoints.DeleteAsync(endpoint.Id, cancellationToken);
        }

        if (await resources.PackageChannels.RemainingAsync(ids.PackageChannelId, cancellationToken) is { } package)
        {
            await resources.PackageChannels.DeleteAsync(package.Id, cancellationToken);
        }

        return true;
    }
}
