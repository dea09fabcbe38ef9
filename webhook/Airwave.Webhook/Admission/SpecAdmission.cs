using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Airwave.Api.ArchiveSplits;
using Airwave.Api.Common;
using Airwave.Api.LiveStreams;
using Airwave.Api.Validation;
using Airwave.Api.VideoAssets;
using Airwave.Kubernetes.Client;
using Airwave.Webhook.Callbacks;
using k8s;
using KubernetesJson = Airwave.Kubernetes.Serialization.KubernetesJson;

namespace Airwave.Webhook.Admission;

/// <summary>
/// Validating admission for the three kinds: the rules of <see cref="Airwave.Api.Validation"/> that the schema
/// cannot express and the installation's buckets, refused with the API server's wording; a start that would pass
/// the namespace's channel limit, refused as a quota is; warnings for updates the operator cannot apply in place.
/// </summary>
public sealed class SpecAdmission(KubernetesClient client, InstallationPolicy policy)
{
    public static readonly ResourceType LiveStreams = new(ApiGroup.Name, ApiGroup.Version, "livestreams", "LiveStream", Namespaced: true);

    private static readonly JsonSerializerOptions Json = KubernetesJson.CreateOptions(ApiJsonContext.Default);

    public async Task<AdmissionResponse> ReviewAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Operation is not ("CREATE" or "UPDATE") || request.NewObject is null || request.Kind.Group != ApiGroup.Name)
        {
            return new AdmissionResponse { Uid = request.Uid, Allowed = true };
        }

        if (request.Kind.Kind == "LiveStream" && await OverQuotaAsync(request, cancellationToken) is { } over)
        {
            return new AdmissionResponse { Uid = request.Uid, Allowed = false, Status = over };
        }

        var (errors, warnings) = request.Kind.Kind switch
        {
            "LiveStream" => ReviewStream(request),
            "VideoAsset" => (ReviewVideoAsset(request), []),
            "ArchiveSplit" => await ReviewSplitAsync(request, cancellationToken),
            _ => ([], []),
        };
        return errors.Count == 0
            ? new AdmissionResponse { Uid = request.Uid, Allowed = true, Warnings = warnings.Count > 0 ? warnings : null }
            : new AdmissionResponse { Uid = request.Uid, Allowed = false, Status = Refusal(request, errors), Warnings = warnings.Count > 0 ? warnings : null };
    }

    private static List<FieldError> ReviewVideoAsset(AdmissionRequest request)
    {
        var spec = Read<VideoAsset>(request.NewObject!).Spec;
        var errors = VideoAssetRules.Validate(spec).ToList();
        if (request.OldObject is { } previous && VideoAssetRules.ValidateUpdate(Read<VideoAsset>(previous), spec) is { } moved)
        {
            errors.Add(moved);
        }

        return errors;
    }

    private (IReadOnlyList<FieldError>, IReadOnlyList<string>) ReviewStream(AdmissionRequest request)
    {
        var stream = Read<LiveStream>(request.NewObject!);
        var old = request.OldObject is { } previous ? Read<LiveStream>(previous) : null;
        var warnings = old is not null ? LiveStreamRules.UpdateWarnings(old.Spec, stream.Spec).ToList() : [];
        var errors = LiveStreamRules.Validate(stream.Spec).ToList();
        if (policy.HasBuckets && stream.Spec.Archive is { } archive && policy.Buckets.CheckArchive(archive) is { } bucket)
        {
            errors.Add(bucket);
        }

        if (policy.Connector.MeetingHosts.CheckMeeting(stream.Spec) is { } meeting)
        {
            errors.Add(meeting);
        }

        return (errors, warnings);
    }

    /// <summary>
    /// A stream asked to start (made Running, or turned Running) where the namespace's channels are all taken, or its
    /// estimated spend this month reached its limit, is refused as the API server refuses what a ResourceQuota does not
    /// allow: 403 Forbidden, "exceeded quota", naming the limit. Two starts admitted at once can still pass a channel
    /// limit together; the operator keeps the later one waiting, Idle with reason QuotaExceeded. Spend counts the
    /// namespace's LiveStreams, VideoAssets and, from the spend ledger, the deleted ones.
    /// </summary>
    private async Task<AdmissionStatus?> OverQuotaAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        var ns = request.Namespace!;
        var stream = Read<LiveStream>(request.NewObject!);
        var wasRunning = request.OldObject is { } previous && Read<LiveStream>(previous).Spec.State == StreamState.Running;
        var (channels, spend) = (policy.ChannelLimitFor(ns), policy.SpendLimitFor(ns));
        if (stream.Spec.State != StreamState.Running || wasRunning || stream.Spec.Source.Type == SourceType.WebRtc || (channels is null && spend is null))
        {
            return null;
        }

        var name = stream.Metadata.Name ?? request.Name ?? "";
        var streams = (await client.ListAsync<LiveStream>(LiveStreams, ns, null, cancellationToken)).Items;
        var running = streams.Count(s => s.Metadata.Name != name && RunningChannels.Holds(s));
        if (channels is not null && running >= channels.Channels)
        {
            return QuotaRefusal(request, name, $"{channels.Describe(ns, running)}; stop one of them first, or ask your platform team for a larger limit");
        }

        if (spend is null)
        {
            return null;
        }

        var assets = (await client.ListAsync<VideoAsset>(VideoAssetTrigger.VideoAssets, ns, null, cancellationToken)).Items;
        var ledger = await client.Api.CoreV1.ReadNamespacedConfigMapAsync(SpendLedger.ConfigMapName, client.Namespace, cancellationToken: cancellationToken).OrNull();
        List<(string, CostStatus?)> costs = [.. streams.Select(s => (s.Metadata.Uid ?? "", s.Status?.Cost)), .. assets.Select(a => (a.Metadata.Uid ?? "", a.Status?.Cost))];
        var spent = SpendLimit.Spent(ns, costs, SpendLedger.From(ledger?.Data), client.TimeProvider.GetUtcNow());
        return spend.IsReached(spent)
            ? QuotaRefusal(request, name, $"{spend.Describe(ns, spent)}; streams can start again next month, or ask your platform team for a larger limit")
            : null;
    }

    private static AdmissionStatus QuotaRefusal(AdmissionRequest request, string name, string why) => new()
    {
        Code = 403,
        Reason = "Forbidden",
        Message = $"livestreams \"{name}\" is forbidden: exceeded quota: {why}",
        Details = new AdmissionStatusDetails { Name = name, Group = request.Kind.Group, Kind = "livestreams" },
    };

    /// <summary>
    /// The sections, and the session when the split is new or names another one: it must be one the stream recorded,
    /// if the stream exists yet (a split may be applied with its stream; the reconciler waits for it).
    /// </summary>
    private async Task<(IReadOnlyList<FieldError>, IReadOnlyList<string>)> ReviewSplitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        var split = Read<ArchiveSplit>(request.NewObject!);
        var errors = ArchiveSplitRules.Validate(split.Spec).ToList();
        if (policy.HasBuckets && split.Spec.Output is { } output && policy.Buckets.CheckClips(output) is { } bucket)
        {
            errors.Add(bucket);
        }

        var old = request.OldObject is { } previous ? Read<ArchiveSplit>(previous) : null;
        if (old is null || old.Spec.SessionId != split.Spec.SessionId || old.Spec.StreamRef.Name != split.Spec.StreamRef.Name)
        {
            var stream = await client.TryGetAsync<LiveStream>(LiveStreams, request.Namespace, split.Spec.StreamRef.Name, cancellationToken);
            if (stream is not null && ArchiveSplitRules.CheckSession(split.Spec, [.. (stream.Status?.Sessions ?? []).Select(s => s.Id)]) is { } session)
            {
                errors.Add(session);
            }
        }

        return (errors, []);
    }

    /// <summary>What the API server itself answers for an invalid object: 422 Invalid, the errors in one message and as causes.</summary>
    private static AdmissionStatus Refusal(AdmissionRequest request, IReadOnlyList<FieldError> errors)
    {
        var name = request.Name ?? (string?)request.NewObject?["metadata"]?["name"] ?? "";
        var listed = errors.Count == 1 ? errors[0].ToString() : $"[{string.Join(", ", errors)}]";
        return new AdmissionStatus
        {
            Code = 422,
            Reason = "Invalid",
            Message = $"{request.Kind.Kind} \"{name}\" is invalid: {listed}",
            Details = new AdmissionStatusDetails
            {
                Name = name,
                Group = request.Kind.Group,
                Kind = request.Kind.Kind,
                Causes = [.. errors.Select(e => new AdmissionStatusCause { Reason = e.Reason, Message = e.Body, Field = e.Field })],
            },
        };
    }

    private static T Read<T>(JsonObject obj) => obj.Deserialize((JsonTypeInfo<T>)Json.GetTypeInfo(typeof(T))) ?? throw new JsonException($"an empty {typeof(T).Name}");
}
