using System.Text.Json;
using System.Text.Json.Nodes;
using Airwave.Api.ArchiveSplits;
using Airwave.Api.Common;
using Airwave.Api.LiveStreams;
using Airwave.Api.Validation;
using Airwave.Api.VideoAssets;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Serialization;

namespace Airwave.Webhook.Admission;

/// <summary>
/// Validating admission for the three kinds: the rules of <see cref="Airwave.Api.Validation"/> that the schema
/// cannot express and the installation's buckets, refused with the API server's wording; warnings for updates the
/// operator cannot apply in place and for streams asked to run that will wait for a free channel.
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

        var (errors, warnings) = request.Kind.Kind switch
        {
            "LiveStream" => await ReviewStreamAsync(request, cancellationToken),
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

    private async Task<(IReadOnlyList<FieldError>, IReadOnlyList<string>)> ReviewStreamAsync(AdmissionRequest request, CancellationToken cancellationToken)
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

        if (errors.Count == 0 && stream.Spec.State == StreamState.Running && old?.Spec.State != StreamState.Running
            && await QuotaWarningAsync(request.Namespace!, stream.Metadata.Name ?? request.Name ?? "", cancellationToken) is { } wait)
        {
            warnings.Add(wait);
        }

        return (errors, warnings);
    }

    /// <summary>
    /// A stream asked to run where the namespace's channels are all taken is admitted (the operator queues it), with
    /// a warning saying it will wait: kubectl shows it where a user would otherwise see nothing happen.
    /// </summary>
    private async Task<string?> QuotaWarningAsync(string ns, string name, CancellationToken cancellationToken)
    {
        if (policy.MaxRunningChannelsPerNamespace is not { } limit)
        {
            return null;
        }

        var streams = await client.ListAsync<LiveStream>(LiveStreams, ns, null, cancellationToken);
        var running = streams.Items.Count(s => s.Metadata.Name != name && RunningChannels.Holds(s));
        return running < limit ? null
            : $"spec.state: namespace {ns} already runs {running} of its {limit} channels (the installation's maxRunningChannelsPerNamespace); this stream waits, Idle with reason QuotaExceeded, and starts when one of them stops";
    }

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

    private static T Read<T>(JsonObject obj) => obj.Deserialize<T>(Json) ?? throw new JsonException($"an empty {typeof(T).Name}");
}
