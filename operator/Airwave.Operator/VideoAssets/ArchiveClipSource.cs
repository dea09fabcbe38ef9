using Airwave.Api.ArchiveSplits;
using Airwave.Api.VideoAssets;
using Airwave.Api.Common;
using Airwave.Aws.S3;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Conditions;
using Airwave.Kubernetes.Controllers;
using Airwave.Kubernetes.Events;
using Airwave.Kubernetes.Informers;
using Airwave.Operator.Configuration;
using Airwave.Operator.Kubernetes;
using Airwave.Operator.Status;
using Amazon.S3;
using EventType = Airwave.Kubernetes.Events.EventType;

namespace Airwave.Operator.VideoAssets;

/// <summary>What a VideoAsset's spec.source.archiveSplitRef names: a clip, once its section is cut, or why not yet.</summary>
/// <param name="Clip">The clip's s3:// URL: what status.sourceUrl records.</param>
/// <param name="FetchUrl">A presigned URL the provider fetches the clip from.</param>
/// <param name="Reason">Why there is no clip to fetch: the Ready condition's reason.</param>
/// <param name="Final">The reference cannot work until the VideoAsset's spec changes.</param>
/// <param name="Size">The clip's size in bytes, as the split recorded it.</param>
public sealed record ArchiveClip(string? Clip, string? FetchUrl, string? Reason, string? Message, bool Final, long? Size = null);

/// <summary>
/// Resolves spec.source.archiveSplitRef through the ArchiveSplit's status. The provider fetches the clip through
/// a presigned URL that lasts a day: long enough for a provider's queue, short enough to be no standing key.
/// </summary>
public sealed class ArchiveClipSource(Informer<ArchiveSplit> splits, S3Presigner presigner, EventRecorder events, OperatorOptions options, TimeProvider time)
{
    public static readonly TimeSpan FetchUrlLifetime = TimeSpan.FromDays(1);

    public async Task<ArchiveClip> ResolveAsync(VideoAsset asset, ArchiveSplitReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentNullException.ThrowIfNull(reference);
        var ns = asset.Metadata.Namespace;
        if (splits.Cache.Get(new ObjectKey(ns, reference.Name)) is not { } split)
        {
            return Waiting("ArchiveSplitNotFound", $"ArchiveSplit {reference.Name} does not exist in namespace {ns}; the asset is made once it does and its section {reference.Section} is cut.");
        }

        if (reference.Section >= split.Spec.Sections.Count)
        {
            return new ArchiveClip(null, null, "InvalidSource", $"ArchiveSplit {reference.Name} has {split.Spec.Sections.Count} sections (0 to {split.Spec.Sections.Count - 1}); spec.source.archiveSplitRef.section is {reference.Section}.", Final: true);
        }

        var section = split.Status?.Sections.FirstOrDefault(s => s.Index == reference.Section);
        if (section is not { Phase: SplitPhase.Succeeded, Output: { } output } || S3Path.Parse(output) is not { } clip)
        {
            var state = section?.Phase.ToString() ?? "Pending";
            var why = section?.Message is { } message ? $": {message}" : ".";
            return Waiting("WaitingForClip", $"Section {reference.Section} of ArchiveSplit {reference.Name} is not cut yet ({state}){why}");
        }

        var url = await presigner.PresignAsync(clip.Bucket, clip.Key, HttpVerb.GET, time.GetUtcNow() + FetchUrlLifetime, cancellationToken);
        return new ArchiveClip(output, url.Url, null, null, Final: false, section.Size);
    }

    private static ArchiveClip Waiting(string reason, string message) => new(null, null, reason, message, Final: false);

    /// <summary>
    /// The asset waits for its clip (<paramref name="clip"/> has none to fetch): Pending, the condition says why, an Event
    /// when the reason is new; looked at again unless only a spec change can help.
    /// </summary>
    public async Task<ReconcileResult> WaitAsync(VideoAsset owner, ArchiveClip clip, StatusDraft<VideoAssetStatus> draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(clip);
        ArgumentNullException.ThrowIfNull(draft);
        draft.Update(s => s with { Phase = VideoAssetPhase.Pending });
        draft.Condition(ConditionTypes.Ready, false, clip.Reason!, clip.Message!);
        if (ConditionList.Find(owner.Status?.Conditions, ConditionTypes.Ready)?.Reason != clip.Reason)
        {
            await events.RecordAsync(AirwaveResources.VideoAssets, owner, clip.Final ? EventType.Warning : EventType.Normal, clip.Reason!, "Create", clip.Message!, cancellationToken);
        }

        return clip.Final ? ReconcileResult.Done : ReconcileResult.After(options.PollInterval);
    }
}
