using System.Globalization;
using System.Text.Json.Nodes;
using Airwave.Aws.S3;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client;
using k8s;
using k8s.Models;

namespace Airwave.Operator.Kubernetes;

/// <summary>
/// Until when the presigned URLs in a Job's Secret work, kept in the Job's annotation. They last no longer than the
/// operator's AWS credentials (an hour or so where those are temporary), so while the Job runs they are signed again
/// into its Secret, which the kubelet brings into the pod, once refreshed credentials would make them last longer.
/// </summary>
public static class JobUrlExpiry
{
    public const string Annotation = "media.airwave.dev/urls-expire-at";

    /// <summary>How long the URLs should outlive the Job's deadline: its pod may still be storing its last file.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(15);

    /// <summary>Until when URLs for a Job started now should work, given its deadline.</summary>
    public static DateTimeOffset WantedFor(DateTimeOffset start, TimeSpan deadline) => start + deadline + Margin;

    /// <summary>Records on a Job about to be created until when its URLs work.</summary>
    public static V1Job With(V1Job job, DateTimeOffset expires)
    {
        ArgumentNullException.ThrowIfNull(job);
        job.Metadata.Annotations ??= new Dictionary<string, string>(StringComparer.Ordinal);
        job.Metadata.Annotations[Annotation] = KubernetesTimeConverter.ToText(expires);
        return job;
    }

    /// <summary>
    /// Until when a running Job's URLs should work, if they must be signed again to: they end sooner, and URLs signed
    /// now would last longer. A Job without the annotation (made by an earlier version) has URLs of unknown life.
    /// </summary>
    public static async Task<DateTimeOffset?> DueAsync(V1Job job, S3Presigner presigner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(presigner);
        if (job.Metadata.CreationTimestamp is not { } created || job.Spec?.ActiveDeadlineSeconds is not { } seconds)
        {
            return null;
        }

        var deadline = TimeSpan.FromSeconds(seconds);

        string? annotated = null;
        var current = job.Metadata.Annotations?.TryGetValue(Annotation, out annotated) == true
            && DateTimeOffset.TryParse(annotated, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : DateTimeOffset.MinValue;
        var until = WantedFor(new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)), deadline);
        return await presigner.OutlastsAsync(current, until, cancellationToken) ? until : null;
    }

    /// <summary>Records on a running Job until when its URLs, just signed again, work.</summary>
    public static Task RecordAsync(KubernetesClient client, V1Job job, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(job);
        var patch = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [Annotation] = KubernetesTimeConverter.ToText(expires) } } };
        return client.Api.BatchV1.PatchNamespacedJobAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), job.Metadata.Name, job.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
    }
}
