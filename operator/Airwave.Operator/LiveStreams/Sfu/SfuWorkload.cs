using System.Text.Json.Nodes;
using Airwave.Api.LiveStreams;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Secrets;
using Airwave.Operator.Configuration;
using Airwave.Operator.Kubernetes;
using k8s;
using k8s.Models;

namespace Airwave.Operator.LiveStreams.Sfu;

/// <summary>
/// Keeps a WebRtc stream's SFU objects (<see cref="SfuObjects"/>) as the stream asks: the Secret written (never read:
/// its keys are derived, see <see cref="StreamKeys"/>), the Deployment and Service applied (server-side apply) whenever
/// what they should be changed, by the hash they carry, and pods marked to drain before the Deployment shrinks.
/// Objects of those names that the stream does not control are never touched.
/// </summary>
public sealed class SfuWorkload(KubernetesClient client, StreamKeys keys, OperatorOptions options)
{
    private readonly WrittenSecrets _written = new();

    /// <summary>The stream's objects as they are; every name is checked here, before anything is made, so a taken one leaves nothing behind.</summary>
    /// <exception cref="ObjectNameTakenException">An object of the name exists and is not the stream's.</exception>
    public async Task<SfuCurrent> ReadAsync(LiveStream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var name = SfuObjects.NameFor(stream);
        var service = await StreamObjects.ReadAsync<V1Service>(client, ResourceType.Services, stream, name, cancellationToken);
        var deployment = await StreamObjects.ReadAsync<V1Deployment>(client, ResourceType.Deployments, stream, name, cancellationToken);
        var policy = options.Sfu.ApiCallers is null ? null : await StreamObjects.ReadAsync<V1NetworkPolicy>(client, ResourceType.NetworkPolicies, stream, name, cancellationToken);
        Own(stream, service, "Service");
        Own(stream, deployment, "Deployment");
        Own(stream, policy, "NetworkPolicy");
        return new SfuCurrent(service, deployment, policy);
    }

    /// <summary>The stream's engine keys, as its SFU Secret holds them.</summary>
    public async Task<SfuEngineKeys> EngineKeysAsync(LiveStream stream, CancellationToken cancellationToken) => new(
        await keys.ForAsync(stream, SfuObjects.RoomAdminKey, rotation: null, cancellationToken),
        await keys.ForAsync(stream, SfuObjects.TurnSecret, rotation: null, cancellationToken));

    /// <summary>Forgets a deleted stream's Secret.</summary>
    public void Forget(LiveStream stream) => _written.Forget(stream);

    /// <summary>Makes or updates the stream's objects for <paramref name="replicas"/> pods; returns what was made (for the stream's events).</summary>
    /// <exception cref="SecretNotReplaceableException">A Secret of the name exists that the stream may not replace.</exception>
    public async Task<IReadOnlyList<string>> ApplyAsync(LiveStream stream, SfuCurrent current, SfuEngineKeys engineKeys, int replicas, string publishKeyDigest, IReadOnlyList<string> forwardTo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(current);
        var name = SfuObjects.NameFor(stream);
        var made = new List<string>();

        // Written on the condition that it is as last written: one deleted or changed meanwhile is put back.
        var secret = await _written.WriteAsync(client, stream, SfuObjects.Secret(stream, options.Sfu, engineKeys), cancellationToken);
        if (secret.Outcome is SecretWriteOutcome.Created or SecretWriteOutcome.DeletedSince)
        {
            made.Add($"Secret {name}");
        }

        if (await AppliedObject.ApplyAsync(client, ResourceType.Services, current.Service, SfuObjects.Service(stream, options.Sfu), cancellationToken))
        {
            made.Add($"Service {name}");
        }

        // The policy before the pods: none of them takes calls past the signaling service's checks.
        if (SfuObjects.IngressPolicy(stream, options.Sfu) is { } policy
            && await AppliedObject.ApplyAsync(client, ResourceType.NetworkPolicies, current.Policy, policy, cancellationToken))
        {
            made.Add($"NetworkPolicy {name}");
        }

        if (await AppliedObject.ApplyAsync(client, ResourceType.Deployments, current.Deployment, SfuObjects.Deployment(stream, replicas, publishKeyDigest, forwardTo, options.Sfu), cancellationToken))
        {
            made.Add($"Deployment {name}");
        }

        return made;
    }

    /// <summary>
    /// Marks a pod to leave: when the Deployment next shrinks, the ReplicaSet removes it before any other (its deletion
    /// cost is the lowest).
    /// </summary>
    public Task DrainAsync(V1Pod pod, DateTimeOffset since, CancellationToken cancellationToken) =>
        AnnotateAsync(pod, new JsonObject
        {
            [SfuObjects.DrainingAnnotation] = KubernetesTimeConverter.ToText(since),
            [SfuObjects.DeletionCostAnnotation] = SfuObjects.DrainingDeletionCost,
        }, cancellationToken);

    /// <summary>Takes a pod back: its viewers are needed after all.</summary>
    public Task UndrainAsync(V1Pod pod, CancellationToken cancellationToken) =>
        AnnotateAsync(pod, new JsonObject { [SfuObjects.DrainingAnnotation] = null, [SfuObjects.DeletionCostAnnotation] = null }, cancellationToken);

    private Task<V1Pod> AnnotateAsync(V1Pod pod, JsonObject annotations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var patch = new JsonObject
        {
            // Applies only to the pod as it was read: a pod of the same name made since is not marked.
            ["metadata"] = new JsonObject { ["uid"] = pod.Metadata.Uid, ["annotations"] = annotations },
        };
        return client.Api.CoreV1.PatchNamespacedPodAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
    }

    /// <summary>The stream's pods, by the selector of its Deployment.</summary>
    public Task<IReadOnlyList<V1Pod>> PodsAsync(LiveStream stream, CancellationToken cancellationToken) =>
        StreamObjects.PodsAsync(client, stream, SfuObjects.Selector(stream), cancellationToken);

    private static void Own(LiveStream stream, IMetadata<V1ObjectMeta>? existing, string kind) =>
        StreamObjects.EnsureControlled(stream, existing, kind, "its SFU pods");
}

/// <summary>The stream's SFU objects as read, each null when missing (its Secret is written, never read).</summary>
public sealed record SfuCurrent(V1Service? Service, V1Deployment? Deployment, V1NetworkPolicy? Policy);
