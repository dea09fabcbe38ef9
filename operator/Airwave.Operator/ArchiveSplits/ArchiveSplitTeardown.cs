using Airwave.Api.ArchiveSplits;
using Airwave.Api.Common;
using Airwave.Aws.S3;
using Airwave.Kubernetes.Events;
using Airwave.Operator.Kubernetes;
using Amazon.S3;
using EventType = Airwave.Kubernetes.Events.EventType;

namespace Airwave.Operator.ArchiveSplits;

/// <summary>
/// Stops an ArchiveSplit's Jobs (with their pods and Secrets), deletes its clips and playlists when
/// spec.output.deletePolicy is Delete (they stay otherwise), after which the finalizer goes.
/// </summary>
public sealed class ArchiveSplitTeardown(IAmazonS3 s3, ClipJobs jobs, EventRecorder events)
{
    public async Task RunAsync(ArchiveSplit split, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(split);
        foreach (var job in await jobs.ListAsync(split, cancellationToken))
        {
            await jobs.DeleteAsync(split, job.Metadata.Name!, cancellationToken);
        }

        var written = (split.Status?.Sections ?? [])
            .SelectMany(s => new[] { s.Output, s.Playlist })
            .Select(S3Path.Parse)
            .OfType<S3Path>()
            .ToList();
        if (split.Spec.Output.DeletePolicy == DeletionPolicy.Delete)
        {
            foreach (var file in written)
            {
                // S3 answers a delete of a missing key with success, so a retried teardown is harmless.
                await s3.DeleteObjectAsync(file.Bucket, file.Key, cancellationToken);
            }

            if (written.Count > 0)
            {
                await RecordAsync(split, EventType.Normal, "ClipsDeleted", $"Deleted {written.Count} clips and playlists (spec.output.deletePolicy Delete)", cancellationToken);
            }
        }
        else if (written.Count > 0)
        {
            await RecordAsync(split, EventType.Normal, "ClipsRetained", $"The clips and playlists stay in S3 (spec.output.deletePolicy Retain), in s3://{written[0].Bucket}/{written[0].Folder}", cancellationToken);
        }
    }

    private Task RecordAsync(ArchiveSplit split, string type, string reason, string note, CancellationToken cancellationToken) =>
        events.RecordAsync(AirwaveResources.ArchiveSplits, split, type, reason, "Delete", note, cancellationToken);
}
