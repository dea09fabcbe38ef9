using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Airwave.Api.VideoAssets;
using Airwave.Aws.S3;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Client.Errors;
using Airwave.Kubernetes.Ownership;
using Airwave.Kubernetes.Secrets;
using Airwave.Media.Transcoding;
using Airwave.Operator.Configuration;
using Airwave.Operator.Kubernetes;
using Amazon.S3;
using k8s;
using k8s.Models;

namespace Airwave.Operator.VideoAssets.AwsHosting;

/// <summary>
/// A VideoAsset's transcode Job and the Secret holding its plan. The Job gets presigned URLs, never AWS credentials:
/// a GET of the source where it is in S3 (the user's own URL otherwise) and a PUT for every file it may write, which
/// live in the Secret as long as the Job needs them, signed again while it runs (<see cref="JobUrlExpiry"/>), and go
/// with it. A Job's name carries a hash of its source, so a changed source gets a new Job and an unchanged one is never
/// transcoded twice.
/// </summary>
public sealed class TranscodeJobs(KubernetesClient client, S3Presigner presigner, VideoOutputs outputs, OperatorOptions options, TimeProvider time)
{
    public const string AssetUidLabel = "media.airwave.dev/videoasset-uid";
    public const string PlanFile = "plan.json";

    private AwsVideoOptions Videos => options.VideoAssets.Aws;

    /// <summary>The folder of one source of an asset (its status.assetId): the asset's folder and a hash of the source.</summary>
    public static string AssetIdFor(VideoAsset asset, string source)
    {
        ArgumentNullException.ThrowIfNull(asset);
        return VideoBucketLayout.AssetFolder(asset) + Hash(asset.Metadata.Uid!, source);
    }

    /// <summary>The Job (and Secret) of one source: the asset's name and the source's hash.</summary>
    public static string NameFor(VideoAsset asset, string assetId)
    {
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentNullException.ThrowIfNull(assetId);
        return DnsNames.WithSuffix(asset.Metadata.Name!, $"-transcode-{assetId[(assetId.LastIndexOf('/') + 1)..]}", DnsNames.MaxLabelLength);
    }

    /// <summary>The asset's Jobs, found by its uid.</summary>
    public async Task<IReadOnlyList<V1Job>> ListAsync(VideoAsset asset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(asset);
        var jobs = await client.Api.BatchV1.ListNamespacedJobAsync(asset.Metadata.Namespace, labelSelector: $"{AssetUidLabel}={asset.Metadata.Uid}", cancellationToken: cancellationToken);
        return [.. jobs.Items];
    }

    /// <summary>Whether a pod of the asset's Jobs still runs (and may still store files); one that has ended cannot.</summary>
    public async Task<bool> AnyRunningPodsAsync(VideoAsset asset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(asset);
        var pods = await client.Api.CoreV1.ListNamespacedPodAsync(asset.Metadata.Namespace, labelSelector: $"{AssetUidLabel}={asset.Metadata.Uid}", cancellationToken: cancellationToken);
        return pods.Items.Any(pod => pod.Status?.Phase is not ("Succeeded" or "Failed"));
    }

    /// <summary>Writes the plan's Secret with fresh URLs, the egress policy, then the Job; each is idempotent, so a retry after a lost answer is safe.</summary>
    /// <param name="input">The URL the Job fetches the source from.</param>
    public async Task StartAsync(VideoAsset asset, string name, string assetId, string input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(asset);
        var expires = await WritePlanAsync(asset, name, assetId, input, JobUrlExpiry.WantedFor(time.GetUtcNow(), Videos.JobDeadline), cancellationToken);
        await AppliedObject.ApplyAsync(client, ResourceType.NetworkPolicies, existing: null, EgressPolicy(asset, Videos), cancellationToken);
        try
        {
            await client.Api.BatchV1.CreateNamespacedJobAsync(JobUrlExpiry.With(Build(asset, name, Videos), expires), asset.Metadata.Namespace, cancellationToken: cancellationToken);
        }
        catch (AlreadyExistsException)
        {
            // Created by an earlier pass whose answer was lost: it is this source's Job, by its name's hash.
        }
    }

    /// <summary>For a running Job: its plan's URLs signed again into its Secret if they must be (<see cref="JobUrlExpiry"/>).</summary>
    /// <param name="input">The URL the Job fetches the source from, as it would be given now.</param>
    public async Task RenewAsync(VideoAsset asset, V1Job job, string assetId, string input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentNullException.ThrowIfNull(job);
        if (await JobUrlExpiry.DueAsync(job, presigner, cancellationToken) is { } until)
        {
            var expires = await WritePlanAsync(asset, job.Metadata.Name, assetId, input, until, cancellationToken);
            await JobUrlExpiry.RecordAsync(client, job, expires, cancellationToken);
        }
    }

    /// <summary>The plan, its URLs signed to work until <paramref name="until"/> or as long as they can, in the Job's Secret; when they expire.</summary>
    private async Task<DateTimeOffset> WritePlanAsync(VideoAsset asset, string name, string assetId, string input, DateTimeOffset until, CancellationToken cancellationToken)
    {
        // One expiry for every URL: a plan works until its first URL stops.
        var expires = await presigner.LastValidAsync(until, cancellationToken);
        var plan = await PlanAsync(asset, assetId, input, expires, cancellationToken);
        var secret = new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Type = SecretText.Opaque,
            Metadata = Owned(asset, name),
            Data = SecretText.Encode(new Dictionary<string, string> { [PlanFile] = JsonSerializer.Serialize(plan, TranscodeJson.Default.TranscodePlan) }),
        };

        // Made, or replaced (an earlier pass's answer lost, or URLs signed again): the URLs are new either way, and never read back.
        await WriteOnlySecret.WriteAsync(client, secret, lastWritten: null, cancellationToken);
        return expires;
    }

    /// <summary>Deletes a Job with its pods (a Job deleted through the API orphans them unless told otherwise) and its plan.</summary>
    public async Task DeleteAsync(VideoAsset asset, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(asset);
        await client.DeleteAsync(ResourceType.Jobs, asset.Metadata.Namespace, name, cancellationToken, new DeleteOptions { PropagationPolicy = "Background" });

        // One already gone (deleted by an earlier pass whose answer was lost) is as good.
        await client.Api.CoreV1.DeleteNamespacedSecretAsync(name, asset.Metadata.Namespace, cancellationToken: cancellationToken).OrNull();
    }

    private async Task<TranscodePlan> PlanAsync(VideoAsset asset, string assetId, string input, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        var bucket = Videos.Bucket!;
        async Task<string> PutAsync(string path, string contentType) =>
            (await presigner.PresignAsync(bucket, outputs.KeyOf(asset, assetId, path), HttpVerb.PUT, expires, cancellationToken, contentType)).Url;

        var uploads = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in TranscodeOutputs.All(AwsVideoOptions.Ladder, Videos.MaxDuration.TotalSeconds, TranscodeOutputs.DefaultPartSeconds, TranscodeOutputs.DefaultMaxThumbnails))
        {
            uploads[path] = await PutAsync("hls/" + path, TranscodeOutputs.ContentType(path));
        }

        return new TranscodePlan
        {
            Input = input,
            Ladder = AwsVideoOptions.Ladder,
            MaxDurationSeconds = Videos.MaxDuration.TotalSeconds,
            MaxSourceBytes = Videos.MaxSourceBytes,
            Uploads = uploads,
            ProgressUrl = await PutAsync(VideoOutputs.ProgressPath, "application/json"),
            ReportUrl = await PutAsync(VideoOutputs.ReportPath, "application/json"),
        };
    }

    /// <summary>The Job that transcodes one source, as the operator creates it.</summary>
    public static V1Job Build(VideoAsset asset, string name, AwsVideoOptions videos)
    {
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentNullException.ThrowIfNull(videos);
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = Owned(asset, name),
            Spec = new V1JobSpec
            {
                BackoffLimit = videos.BackoffLimit,
                ActiveDeadlineSeconds = (long)videos.JobDeadline.TotalSeconds,

                // Written as JSON, as the pods of every workload the operator runs are (see AppliedObject.PodTemplate).
                Template = KubernetesJson.Deserialize<V1PodTemplateSpec>(PodTemplate(asset, name, videos).ToJsonString()),
            },
        };
    }

    /// <summary>The Job's pod: airwave-transcoder reads the plan from the Secret and works in a scratch volume.</summary>
    private static JsonObject PodTemplate(VideoAsset asset, string name, AwsVideoOptions videos) => new()
    {
        ["metadata"] = new JsonObject { ["labels"] = AppliedObject.Json(Labels(asset)) },
        ["spec"] = new JsonObject
        {
            ["restartPolicy"] = "Never",
            ["automountServiceAccountToken"] = false,
            ["enableServiceLinks"] = false,
            ["securityContext"] = PodSecurity.Pod(),
            ["volumes"] = new JsonArray(
                new JsonObject { ["name"] = "plan", ["secret"] = new JsonObject { ["secretName"] = name } },
                new JsonObject { ["name"] = "work", ["emptyDir"] = new JsonObject() }),
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = "transcode",
                ["image"] = videos.TranscoderImage,
                ["args"] = new JsonArray("--plan", $"/plan/{PlanFile}", "--work", "/work"),
                ["volumeMounts"] = new JsonArray(
                    new JsonObject { ["name"] = "plan", ["mountPath"] = "/plan", ["readOnly"] = true },
                    new JsonObject { ["name"] = "work", ["mountPath"] = "/work" }),

                // A failure's last lines are the Job's message when no report could be stored.
                ["terminationMessagePolicy"] = "FallbackToLogsOnError",
                ["securityContext"] = PodSecurity.Container(),
                ["resources"] = new JsonObject
                {
                    ["requests"] = new JsonObject { ["cpu"] = videos.CpuRequest, ["memory"] = videos.MemoryRequest },
                    ["limits"] = new JsonObject { ["memory"] = videos.MemoryLimit },
                },
            }),
        },
    };

    /// <summary>
    /// The NetworkPolicy of the asset's Job pods: they fetch the source and store by presigned URLs, so they reach the
    /// internet alone, not the cluster nor the cloud's metadata service.
    /// </summary>
    public static JsonObject EgressPolicy(VideoAsset asset, AwsVideoOptions videos)
    {
        ArgumentNullException.ThrowIfNull(asset);
        ArgumentNullException.ThrowIfNull(videos);
        var name = DnsNames.WithSuffix(asset.Metadata.Name!, "-transcode", DnsNames.MaxSubdomainLength);
        return AppliedObject.For(AirwaveResources.VideoAssets, asset, name, Labels(asset), "networking.k8s.io/v1", "NetworkPolicy", InternetEgress.Spec(new Dictionary<string, string> { [AssetUidLabel] = asset.Metadata.Uid! }, videos.EgressDenied));
    }

    private static V1ObjectMeta Owned(VideoAsset asset, string name) => OwnerReferences.SetController(
        new V1ObjectMeta { Name = name, NamespaceProperty = asset.Metadata.Namespace, Labels = Labels(asset) },
        AirwaveResources.VideoAssets,
        asset);

    private static Dictionary<string, string> Labels(VideoAsset asset) => new(StringComparer.Ordinal)
    {
        ["app.kubernetes.io/managed-by"] = "airwave",
        ["app.kubernetes.io/component"] = "transcode",
        [AssetUidLabel] = asset.Metadata.Uid!,
    };

    private static string Hash(string uid, string source) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{uid}\n{source}")).AsSpan(0, 4));
}
