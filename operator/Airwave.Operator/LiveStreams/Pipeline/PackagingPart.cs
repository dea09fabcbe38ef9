using Airwave.Api.LiveStreams;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Operator.Configuration;
using Airwave.Operator.LiveStreams.Resources;
using Airwave.Aws.MediaPackage;
using Airwave.Operator.LiveStreams.Cost;

namespace Airwave.Operator.LiveStreams.Pipeline;

/// <summary>
/// The stream's MediaPackage channel and its HLS origin endpoint, whose start-over window and encryption follow the
/// spec: status.playback.url, and the PackagingReady and Encrypted conditions.
/// </summary>
public sealed class PackagingPart(OperatorOptions options) : IStreamPart
{
    public StreamProblem? Check(LiveStream stream) =>
        stream?.Spec.Playback.Encryption.Enabled == true && !options.Speke.IsConfigured
            ? new("NoKeyProvider", "spec.playback.encryption.enabled is true but the operator has no key provider for HLS encryption (its speke.url and speke.roleArn settings); leave enabled unset to play unencrypted until one is configured, or ask the operator's administrators to configure one.")
            : null;

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
        ReportEncryption(draft, spec.Playback.Encryption, endpoint.Id);
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

    private void ReportEncryption(Status.StatusDraft<LiveStreamStatus> draft, EncryptionSpec encryption, string endpointId)
    {
        if (options.Speke.Encrypts(encryption))
        {
            // What the operator knows is the endpoint's configuration; it does not read the playlists for keys, so
            // it does not claim they are encrypted.
            draft.Condition(LiveStreamConditions.Encrypted, ConditionStatus.Unknown, "KeyProviderConfigured", $"MediaPackage endpoint {endpointId} is configured to encrypt HLS playback with keys from the key provider at {options.Speke.Url}; the operator does not check the playlists for keys.");
        }
        else if (encryption.Enabled == false)
        {
            draft.Condition(LiveStreamConditions.Encrypted, false, "Disabled", "HLS playback is not encrypted: spec.playback.encryption.enabled is false.");
        }
        else
        {
            draft.Condition(LiveStreamConditions.Encrypted, false, "NoKeyProvider", "HLS playback is not encrypted: the operator has no key provider configured (its speke.url and speke.roleArn settings).");
        }
    }
}
