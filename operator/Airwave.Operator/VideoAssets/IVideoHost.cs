using Airwave.Api.VideoAssets;
using Airwave.Kubernetes.Controllers;
using Airwave.Operator.Reconciliation;
using Airwave.Operator.Status;

namespace Airwave.Operator.VideoAssets;

/// <summary>
/// One provider VideoAssets are hosted with (Mux, AWS): makes the provider's video match a VideoAsset's spec a step
/// at a time, recording what it finds in the status draft, and releases it on deletion. What every provider shares
/// (choosing and pinning the provider, validation, events and downstream events of a new phase) is the reconciler's.
/// </summary>
public interface IVideoHost
{
    VideoProvider Provider { get; }

    /// <summary>
    /// What keeps the provider from hosting the asset as it is (no credentials in the operator's configuration, a spec
    /// change the provider cannot make), or null.
    /// </summary>
    (string Reason, string Message)? CannotHost(VideoAsset asset);

    Task<ReconcileResult> ReconcileAsync(VideoAsset asset, StatusDraft<VideoAssetStatus> draft, CancellationToken cancellationToken);

    /// <summary>The provider's refusals among the errors <see cref="ReconcileAsync"/> throws: requests that would be refused again.</summary>
    Rejection? Rejects(Exception error);

    /// <summary>Deletes the provider's video (keeps it, with spec.deletionPolicy Retain): null once done, else when to look again.</summary>
    Task<TimeSpan?> TeardownAsync(VideoAsset asset, CancellationToken cancellationToken);
}
