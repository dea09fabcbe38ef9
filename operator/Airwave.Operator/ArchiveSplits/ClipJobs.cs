using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Airwave.Api.ArchiveSplits;
using Airwave.Aws.S3;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Client.Errors;
using Airwave.Kubernetes.Ownership;
using Airwave.Kubernetes.Secrets;
using Airwave.Operator.Configuration;
using Airwave.Operator.Kubernetes;
using Amazon.S3;
using k8s;
using k8s.Models;

namespace Airwave.Operator.ArchiveSplits;

/// <summary>
/// A section's Job and the Secret it reads. The Job gets presigned URLs, never AWS credentials: a curl container
/// fetches the archive files the section spans, an ffmpeg container transcodes the section from them, then a curl
/// container PUTs the MP4 to a presigned URL for its key. The files are fetched first, quickly, so that ffmpeg, which
/// reads its input as it goes, never meets a URL that expired meanwhile. The URLs live in a Secret of the same name
/// (they are keys to the objects while they last), signed again while the Job runs (<see cref="JobUrlExpiry"/>),
/// deleted once the Job is done. A Job's name carries a hash of what it cuts, so a changed section gets a new Job and
/// an unchanged one is never cut twice.
/// </summary>
public sealed class ClipJobs(KubernetesClient client, S3Presigner presigner, OperatorOptions options, TimeProvider time)
{
    public const string SplitUidLabel = "media.airwave.dev/archivesplit-uid";
    public const string SectionLabel = "media.airwave.dev/section";
    public const string InputPlaylist = "input.m3u8";
    public const string FetchConfig = "fetch.curlrc";
    public const string UploadConfig = "upload.curlrc";
    public const string ClipContentType = "video/mp4";

    /// <summary>On each Job, what it cuts (seconds of the session), so that a status lost after its creation is rebuilt from it.</summary>
    private const string StartAnnotation = "media.airwave.dev/start";
    private const string EndAnnotation = "media.airwave.dev/end";

    /// <summary>The Job (and Secret) name for a section: the split's name, the section's index and a hash of what it cuts.</summary>
    public static string NameFor(ArchiveSplit split, int index, string archivePath, string bucket, string modifier)
    {
        ArgumentNullException.ThrowIfNull(split);
        var section = split.Spec.Sections[index];
        var identity = string.Join('\n', split.Spec.SessionId, archivePath, bucket, modifier, index.ToString(CultureInfo.InvariantCulture),
            section.Start.ToString(CultureInfo.InvariantCulture), section.End.ToString(CultureInfo.InvariantCulture));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)).AsSpan(0, 4));
        return DnsNames.WithSuffix(split.Metadata.Name!, $"-{index}-{hash}", DnsNames.MaxLabelLength);
    }

    /// <summary>The split's Jobs, found by its uid (names may be cut short, uids are not).</summary>
    public async Task<IReadOnlyList<V1Job>> ListAsync(ArchiveSplit split, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(split);
        var jobs = await client.Api.BatchV1.ListNamespacedJobAsync(split.Metadata.Namespace, labelSelector: $"{SplitUidLabel}={split.Metadata.Uid}", cancellationToken: cancellationToken);
        return [.. jobs.Items];
    }

    /// <summary>Writes the Secret with fresh URLs, then creates the Job; both are idempotent, so a retry after a lost answer is safe.</summary>
    public async Task StartAsync(ArchiveSplit split, string name, SectionCut cut, string archiveBucket, S3Path clip, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(cut);
        var deadline = options.Clips.DeadlineFor(cut.Length);
        var expires = await WriteInputsAsync(split, name, cut, archiveBucket, clip, JobUrlExpiry.WantedFor(time.GetUtcNow(), deadline), cancellationToken);
        await AppliedObject.ApplyAsync(client, ResourceType.NetworkPolicies, existing: null, EgressPolicy(split, options.Clips), cancellationToken);
        try
        {
            await client.Api.BatchV1.CreateNamespacedJobAsync(JobUrlExpiry.With(Build(split, name, cut, deadline, options.Clips), expires), split.Metadata.Namespace, cancellationToken: cancellationToken);
        }
        catch (AlreadyExistsException)
        {
            // Created by an earlier pass whose answer was lost: it is this section's Job, by its name's hash.
        }
    }

    /// <summary>For a running Job: its URLs signed again into its Secret if they must be (<see cref="JobUrlExpiry"/>).</summary>
    /// <param name="plan">What the Job cuts, planned again from the recording: read only when the URLs are signed again.</param>
    public async Task RenewAsync(ArchiveSplit split, V1Job job, Func<CancellationToken, Task<SectionCut?>> plan, string archiveBucket, S3Path clip, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(plan);
        if (await JobUrlExpiry.DueAsync(job, presigner, cancellationToken) is { } until && await plan(cancellationToken) is { } cut)
        {
            var expires = await WriteInputsAsync(split, job.Metadata.Name, cut, archiveBucket, clip, until, cancellationToken);
            await JobUrlExpiry.RecordAsync(client, job, expires, cancellationToken);
        }
    }

    /// <summary>
    /// The Job's Secret: what curl fetches (each archive file by a presigned GET, to a file of the scratch volume),
    /// the playlist ffmpeg reads (over those files), and curl's upload by a presigned PUT; when its URLs expire.
    /// </summary>
    private async Task<DateTimeOffset> WriteInputsAsync(ArchiveSplit split, string name, SectionCut cut, string archiveBucket, S3Path clip, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clip);

        // One expiry for every URL: the Job's inputs work until the first of them stops.
        var expires = await presigner.LastValidAsync(until, cancellationToken);
        var fetch = new StringBuilder("fail\nsilent\nshow-error\nretry = 3\ncreate-dirs\n");
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < cut.Segments.Count; i++)
        {
            var key = cut.Segments[i].Key;
            var url = (await presigner.PresignAsync(archiveBucket, key, HttpVerb.GET, expires, cancellationToken)).Url;
            files[key] = $"/work/archive/{i:D5}{Path.GetExtension(key)}";
            fetch.Append(CultureInfo.InvariantCulture, $"url = \"{url}\"\noutput = \"{files[key]}\"\n");
        }

        var upload = (await presigner.PresignAsync(clip.Bucket, clip.Key, HttpVerb.PUT, expires, cancellationToken, ClipContentType)).Url;
        var values = new Dictionary<string, string>
        {
            [FetchConfig] = fetch.ToString(),
            [InputPlaylist] = SectionPlaylist.Write(cut.Segments, segment => files[segment.Key]),
            [UploadConfig] = $"url = \"{upload}\"\nupload-file = \"/work/clip.mp4\"\nheader = \"Content-Type: {ClipContentType}\"\nfail\nsilent\nshow-error\n",
        };

        var secret = new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Type = SecretText.Opaque,
            Metadata = Owned(split, name, cut.Index),
            Data = SecretText.Encode(values),
        };

        // Made, or replaced (an earlier pass's answer lost, or URLs signed again): the URLs are new either way, and never read back.
        await WriteOnlySecret.WriteAsync(client, secret, lastWritten: null, cancellationToken);
        return expires;
    }

    /// <summary>Deletes a section's Secret: its URLs are not needed once the Job is done.</summary>
    public async Task ForgetInputsAsync(ArchiveSplit split, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(split);
        // One already gone (deleted by an earlier pass whose answer was lost) is as good.
        await client.Api.CoreV1.DeleteNamespacedSecretAsync(name, split.Metadata.Namespace, cancellationToken: cancellationToken).OrNull();
    }

    /// <summary>Deletes a Job with its pods (a Job deleted through the API orphans them unless told otherwise) and its Secret.</summary>
    public async Task DeleteAsync(ArchiveSplit split, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(split);
        await client.DeleteAsync(ResourceType.Jobs, split.Metadata.Namespace, name, cancellationToken, new DeleteOptions { PropagationPolicy = "Background" });
        await ForgetInputsAsync(split, name, cancellationToken);
    }

    /// <summary>Where a Job's cut starts and ends, in seconds of the session, as it was made.</summary>
    public static (double? Start, double? End) CutOf(V1Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        double? Read(string key) =>
            job.Metadata.Annotations?.TryGetValue(key, out var text) == true && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
        return (Read(StartAnnotation), Read(EndAnnotation));
    }

    /// <summary>The Job that cuts one section into a clip and uploads it, as the operator creates it.</summary>
    public static V1Job Build(ArchiveSplit split, string name, SectionCut cut, TimeSpan deadline, ClipOptions clips)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(cut);
        ArgumentNullException.ThrowIfNull(clips);
        var metadata = Owned(split, name, cut.Index);
        metadata.Annotations = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [StartAnnotation] = cut.Start.ToString("0.###", CultureInfo.InvariantCulture),
            [EndAnnotation] = cut.End.ToString("0.###", CultureInfo.InvariantCulture),
        };
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = metadata,
            Spec = new V1JobSpec
            {
                BackoffLimit = clips.BackoffLimit,
                ActiveDeadlineSeconds = (long)deadline.TotalSeconds,

                // Written as JSON, as the pods of every workload the operator runs are (see AppliedObject.PodTemplate).
                Template = KubernetesJson.Deserialize<V1PodTemplateSpec>(PodTemplate(split, name, cut, clips).ToJsonString()),
            },
        };
    }

    /// <summary>
    /// The section's pod: curl fetches the archive files into a scratch volume, ffmpeg cuts the clip from them by the
    /// playlist in the Job's Secret, then curl uploads it with the presigned URL there.
    /// </summary>
    private static JsonObject PodTemplate(ArchiveSplit split, string name, SectionCut cut, ClipOptions clips)
    {
        var labels = Labels(split, cut.Index);
        var mounts = new JsonArray(
            new JsonObject { ["name"] = "input", ["mountPath"] = "/input", ["readOnly"] = true },
            new JsonObject { ["name"] = "work", ["mountPath"] = "/work" });
        var ffmpeg = new JsonArray(
            "-hide_banner", "-loglevel", "error", "-nostdin",
            "-protocol_whitelist", "file,crypto",
            "-i", $"/input/{InputPlaylist}",

            // Seeking after the input decodes from the first file's start and is exact to the frame; the first file
            // is the most that is decoded for nothing.
            "-ss", Seconds(cut.Offset), "-t", Seconds(cut.Length),
            "-map", "0:v:0", "-map", "0:a:0?",
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-b:a", "128k",
            "-movflags", "+faststart", "-f", "mp4", "-y", "/work/clip.mp4");
        return new JsonObject
        {
            ["metadata"] = new JsonObject { ["labels"] = AppliedObject.Json(labels) },
            ["spec"] = new JsonObject
            {
                ["restartPolicy"] = "Never",
                ["automountServiceAccountToken"] = false,
                ["enableServiceLinks"] = false,
                ["securityContext"] = PodSecurity.Pod(PodSecurity.ForeignImageUser),
                ["volumes"] = new JsonArray(
                    new JsonObject { ["name"] = "input", ["secret"] = new JsonObject { ["secretName"] = name } },
                    new JsonObject { ["name"] = "work", ["emptyDir"] = new JsonObject() }),
                ["initContainers"] = new JsonArray(
                    new JsonObject
                    {
                        ["name"] = "fetch",
                        ["image"] = clips.UploadImage,
                        ["args"] = new JsonArray("--config", $"/input/{FetchConfig}"),
                        ["volumeMounts"] = mounts.DeepClone(),
                        ["securityContext"] = PodSecurity.Container(),
                        ["resources"] = CurlResources(),
                    },
                    new JsonObject
                    {
                        ["name"] = "cut",
                        ["image"] = clips.FfmpegImage,
                        ["args"] = ffmpeg,
                        ["volumeMounts"] = mounts.DeepClone(),
                        ["resources"] = Resources(clips),
                        ["securityContext"] = PodSecurity.Container(),
                    }),
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["name"] = "upload",
                    ["image"] = clips.UploadImage,
                    ["args"] = new JsonArray("--config", $"/input/{UploadConfig}"),
                    ["volumeMounts"] = mounts.DeepClone(),
                    ["securityContext"] = PodSecurity.Container(),
                    ["resources"] = CurlResources(),
                }),
            },
        };
    }

    private static JsonObject CurlResources() => new()
    {
        ["requests"] = new JsonObject { ["cpu"] = "50m", ["memory"] = "32Mi" },
        ["limits"] = new JsonObject { ["memory"] = "128Mi" },
    };

    private static JsonObject Resources(ClipOptions clips) => new()
    {
        ["requests"] = new JsonObject { ["cpu"] = clips.CpuRequest, ["memory"] = clips.MemoryRequest },
        ["limits"] = new JsonObject { ["memory"] = clips.MemoryLimit },
    };

    /// <summary>
    /// The NetworkPolicy of the split's Job pods, one for all its sections: they fetch the archive and upload the clip
    /// by presigned S3 URLs, so they reach the internet alone, not the cluster nor the cloud's metadata service.
    /// </summary>
    public static JsonObject EgressPolicy(ArchiveSplit split, ClipOptions clips)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(clips);
        var name = DnsNames.WithSuffix(split.Metadata.Name!, "-clips", DnsNames.MaxSubdomainLength);
        return AppliedObject.For(AirwaveResources.ArchiveSplits, split, name, Labels(split, section: null), "networking.k8s.io/v1", "NetworkPolicy", InternetEgress.Spec(new Dictionary<string, string> { [SplitUidLabel] = split.Metadata.Uid! }, clips.EgressDenied));
    }

    private static V1ObjectMeta Owned(ArchiveSplit split, string name, int index) => OwnerReferences.SetController(
        new V1ObjectMeta { Name = name, NamespaceProperty = split.Metadata.Namespace, Labels = Labels(split, index) },
        AirwaveResources.ArchiveSplits,
        split);

    /// <summary>The labels of the split's objects; those of one section's (its Job and Secret) name the section.</summary>
    private static Dictionary<string, string> Labels(ArchiveSplit split, int? section)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["app.kubernetes.io/managed-by"] = "airwave",
            ["app.kubernetes.io/component"] = "clip",
            [SplitUidLabel] = split.Metadata.Uid!,
        };
        if (section is { } index)
        {
            labels[SectionLabel] = index.ToString(CultureInfo.InvariantCulture);
        }

        return labels;
    }

    private static string Seconds(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
