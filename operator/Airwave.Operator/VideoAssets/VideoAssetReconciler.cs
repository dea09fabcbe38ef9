using Airwave.Api.Common;
using Airwave.Api.Validation;
using Airwave.Api.VideoAssets;
using Airwave.Events;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Conditions;
using Airwave.Kubernetes.Controllers;
using Airwave.Kubernetes.Events;
using Airwave.Operator.Configuration;
using Airwave.Operator.Kubernetes;
using Airwave.Operator.Reconciliation;
using Airwave.Operator.Spending;
using Airwave.Operator.Status;
using Microsoft.Extensions.Logging;

namespace Airwave.Operator.VideoAssets;

/// <summary>
/// Makes a VideoAsset's video match its spec with its provider (<see cref="IVideoHost"/>): chooses the provider once
/// (the spec's, else the installation's default) and pins it in status, refuses what no provider can serve, hands the
/// steps and the teardown to the provider's host, and reports new phases as Events and downstream events.
/// </summary>
public sealed class VideoAssetReconciler(
    ReconcilerBasics basics,
    IEnumerable<IVideoHost> hosts,
    IEventPublisher publisher,
    OperatorOptions options,
    NamespaceSpend spending,
    ILogger<VideoAssetReconciler> logger) : ResourceReconciler<VideoAsset, VideoAssetSpec, VideoAssetStatus>(basics, logger)
{
    private readonly Dictionary<VideoProvider, IVideoHost> _hosts = hosts.ToDictionary(h => h.Provider);

    protected override ResourceType Type => AirwaveResources.VideoAssets;

    protected override string Finalizer => "media.airwave.dev/provider-asset";

    protected override Task<ReconcileResult?> PreflightAsync(VideoAsset asset, StatusDraft<VideoAssetStatus> draft, CancellationToken cancellationToken)
    {
        if (Unsupported(asset) is { } problem)
        {
            Block(asset, draft, problem.Reason, problem.Message);
            return Task.FromResult<ReconcileResult?>(ReconcileResult.Done);
        }

        // Once taken, the asset stays with its provider, whatever the installation's default becomes.
        draft.Update(s => s with { Provider = ProviderOf(asset) });

        // The provider refused this generation's request; asking again would be refused again. A spec change or a new
        // upload request is a new question.
        return Task.FromResult(WasRejected(asset) ? ReconcileResult.Done : null);
    }

    protected override async Task FinalizerAddedAsync(VideoAsset asset, CancellationToken cancellationToken) =>
        await PublishAsync(asset, asset.Status, EventTypes.VideoCreated, "", cancellationToken);

    protected override async Task<ReconcileResult> ReconcileStepsAsync(VideoAsset asset, StatusDraft<VideoAssetStatus> draft, CancellationToken cancellationToken)
    {
        var result = await HostOf(asset).ReconcileAsync(asset, draft, cancellationToken);
        draft.Update(s => s with { Cost = VideoCosts.Counted(s, options.Prices, draft.Now) });
        return result;
    }

    protected override Rejection? Rejects(Exception error) => _hosts.Values.Select(h => h.Rejects(error)).FirstOrDefault(r => r is not null);

    protected override void Rejected(StatusDraft<VideoAssetStatus> draft, Rejection rejection) =>
        draft.Update(s => s with { Phase = VideoAssetPhase.Errored });

    /// <summary>
    /// The provider's video goes (or stays, with deletionPolicy Retain); what it cost this month stays counted toward
    /// the namespace's limit; then the downstream services are told.
    /// </summary>
    protected override async Task<TimeSpan?> TeardownAsync(VideoAsset asset, CancellationToken cancellationToken)
    {
        if (await HostOf(asset).TeardownAsync(asset, cancellationToken) is { } wait)
        {
            return wait;
        }

        var now = Time.GetUtcNow();
        var cost = asset.Status is { } status ? VideoCosts.Counted(status, options.Prices, now) : null;
        await spending.RecordDeletedAsync(asset.Metadata.Namespace!, asset.Metadata.Uid!, cost, now, cancellationToken);

        await PublishAsync(asset, asset.Status, EventTypes.VideoDeleted, "", cancellationToken);
        return null;
    }

    protected override string? PhaseOf(VideoAssetStatus? status) => status?.Phase?.ToString();

    /// <summary>The asset's provider: the one it was taken with, else the one it names, else the installation's default.</summary>
    private VideoProvider ProviderOf(VideoAsset asset) => asset.Status?.Provider ?? asset.Spec.Provider ?? options.VideoAssets.DefaultProvider;

    private IVideoHost HostOf(VideoAsset asset) => _hosts[ProviderOf(asset)];

    /// <summary>What keeps this version of the operator from provisioning the VideoAsset at all.</summary>
    private (string Reason, string Message)? Unsupported(VideoAsset asset)
    {
        var spec = asset.Spec;
        if (spec.Provider is { } asked && asset.Status?.Provider is { } hosting && asked != hosting)
        {
            return ("ProviderImmutable", $"spec.provider is {asked}, but the asset is hosted by {hosting}: a VideoAsset's provider cannot change. Set it back, or make a new VideoAsset to move the video.");
        }

        if (VideoAssetRules.Validate(spec) is [var invalid, ..])
        {
            return (FieldError.ConditionReason, invalid.ToString());
        }

        return HostOf(asset).CannotHost(asset);
    }

    /// <summary>The VideoAsset cannot be provisioned as it is: say why, once as an event, and touch nothing at the provider.</summary>
    private void Block(VideoAsset asset, StatusDraft<VideoAssetStatus> draft, string reason, string message)
    {
        var before = ConditionList.Find(asset.Status?.Conditions, ConditionTypes.Ready);
        draft.Update(s => s with { Phase = s.AssetId is null ? VideoAssetPhase.Pending : s.Phase });
        draft.Condition(ConditionTypes.Ready, false, reason, message);
        if (before?.Reason != reason)
        {
            draft.AfterWrite(async token => await RecordAsync(asset, EventType.Warning, reason, "Validate", message, token));
        }
    }

    private static bool WasRejected(VideoAsset asset) =>
        ConditionList.Find(asset.Status?.Conditions, ConditionTypes.Ready) is { Reason: VideoAssetConditions.ProviderRejected } rejected
        && rejected.ObservedGeneration == asset.Metadata.Generation
        && (asset.Status?.Upload is null || asset.Status.Upload.Request == VideoAssetConditions.NewUploadRequest(asset));

    protected override async Task PhaseChangedAsync(VideoAsset asset, VideoAssetStatus status, CancellationToken cancellationToken)
    {
        var ready = ConditionList.Find(status.Conditions, ConditionTypes.Ready);
        switch (status.Phase)
        {
            case VideoAssetPhase.Ready:
                await RecordAsync(asset, EventType.Normal, "Ready", "Process", ready?.Message ?? "Ready", cancellationToken);
                await PublishAsync(asset, status, EventTypes.VideoReady, status.AssetId ?? "", cancellationToken);
                break;
            case VideoAssetPhase.Errored when ready?.Reason != VideoAssetConditions.ProviderRejected:
                await RecordAsync(asset, EventType.Warning, ready?.Reason ?? "Errored", "Process", ready?.Message ?? "Errored", cancellationToken);
                await PublishAsync(asset, status, EventTypes.VideoErrored, status.AssetId ?? $"generation-{asset.Metadata.Generation}", cancellationToken);
                break;
            case VideoAssetPhase.Errored:
                await PublishAsync(asset, status, EventTypes.VideoErrored, $"generation-{asset.Metadata.Generation}", cancellationToken);
                break;
        }
    }

    private ValueTask PublishAsync(VideoAsset asset, VideoAssetStatus? status, string type, string occurrence, CancellationToken cancellationToken) =>
        publisher.PublishAsync(VideoAssetEvents.Create(asset, status, type, occurrence, Time.GetUtcNow()), cancellationToken);
}
