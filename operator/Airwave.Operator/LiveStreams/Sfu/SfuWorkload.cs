using System.Text.Json.Nodes;
using Airwave.Api.LiveStreams;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Apps;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Client.Errors;
using Airwave.Kubernetes.Core;
using Airwave.Kubernetes.Networking;
using Airwave.Kubernetes.Ownership;
using Airwave.Operator.Configuration;
using Airwave.Operator.LiveStreams.Workloads;

namespace Airwave.Operator.LiveStreams.Sfu;

/// <summary>
/// Keeps a WebRtc stream's SFU objects (<see cref="SfuObjects"/>) as the stream asks: the Secret made once, the
/// Deployment and Service applied (server-side apply) whenever what they should be changed, by the hash they carry,
/// and pods marked to drain before the Deployment shrinks. Objects of those names that the stream does not control
/// are never touched.
/// </summary>
public sealed class SfuWorkload(KubernetesClient client, OperatorOptions options)
{
    /// <summary>The stream's objects as they are; every name is checked here, before anything is made, so a taken one leaves nothing behind.</summary>
    /// <exception cref="ObjectNameTakenException">An object of the name exists and is not the stream's.</exception>
    public async Task<SfuCurrent> ReadAsync(LiveStream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var name = SfuObjects.NameFor(stream);
        var secret = await StreamObjects.ReadAsync<Secret>(client, ResourceType.Secrets, stream, name, cancellationToken);
        var service = await StreamObjects.ReadAsync<Service>(client, ResourceType.Services, stream, name, cancellationToken);
        var deployment = await StreamObjects.ReadAsync<Deployment>(client, ResourceType.Deployments, stream, name, cancellationToken);
        var policy = options.Sfu.ApiCallers is null ? null : await StreamObjects.ReadAsync<NetworkPolicy>(client, ResourceType.NetworkPolicies, stream, name, cancellationToken);
        Own(stream, secret, "Secret");
        Own(stream, service, "Service");
        Own(stream, deployment, "Deployment");
        Own(stream, policy, "NetworkPolicy");
        return new SfuCurrent(secret, service, deployment, policy);
    }

    /// <summary>Makes or updates the stream's objects for <paramref name="replicas"/> pods; returns what was made (for the stream's events).</summary>
    /// <exception cref="ObjectNameTakenException">A Secret of the name was made since <paramref name="current"/> was read, not by the stream.</exception>
    public async Task<IReadOnlyList<string>> ApplyAsync(LiveStream stream, SfuCurrent current, int replicas, string publishKeyDigest, IReadOnlyList<string> forwardTo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(current);
        var ns = stream.Metadata.Namespace;
        var name = SfuObjects.NameFor(stream);
        var made = new List<string>();
        if (current.Secret is null)
        {
            try
            {
                await client.CreateAsync(ResourceType.Secrets, SfuObjects.Secret(stream, options.Sfu), cancellationToken);
                made.Add($"Secret {name}");
            }
            catch (AlreadyExistsException)
            {
                // Made since the read: by an earlier pass whose answer was lost, or by someone else.
                Own(stream, await client.GetAsync<Secret>(ResourceType.Secrets, ns, name, cancellationToken), "Secret");
            }
        }

        else if (current.Secret.GetString(SfuObjects.BroadcastKeyData) != SfuObjects.BroadcastKeyFor(stream, options.Sfu))
        {
            // The operator's broadcast key was set, changed or removed since the Secret was made.
            var key = SfuObjects.BroadcastKeyFor(stream, options.Sfu);
            await client.PatchAsync<Secret>(ResourceType.Secrets, ns, name, KubernetesPatch.Merge(new JsonObject
            {
                ["data"] = new JsonObject { [SfuObjects.BroadcastKeyData] = key is null ? null : Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(key)) },
            }), cancellationToken);
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
    public Task DrainAsync(Pod pod, DateTimeOffset since, CancellationToken cancellationToken) =>
        AnnotateAsync(pod, new JsonObject
        {
            [SfuObjects.DrainingAnnotation] = KubernetesTimeConverter.ToText(since),
            [SfuObjects.DeletionCostAnnotation] = SfuObjects.DrainingDeletionCost,
        }, cancellationToken);

    /// <summary>Takes a pod back: its viewers are needed after all.</summary>
    public Task UndrainAsync(Pod pod, CancellationToken cancellationToken) =>
        AnnotateAsync(pod, new JsonObject { [SfuObjects.DrainingAnnotation] = null, [SfuObjects.DeletionCostAnnotation] = null }, cancellationToken);

    private Task<Pod> AnnotateAsync(Pod pod, JsonObject annotations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var patch = KubernetesPatch.Merge(new JsonObject
        {
            // Applies only to the pod as it was read: a pod of the same name made since is not marked.
            ["metadata"] = new JsonObject { ["uid"] = pod.Metadata.Uid, ["annotations"] = annotations },
        });
        return client.PatchAsync<Pod>(ResourceType.Pods, pod.Metadata.Namespace, pod.Metadata.Name!, patch, cancellationToken);
    }

    /// <summary>The stream's pods, by the selector of its Deployment.</summary>
    public Task<IReadOnlyList<Pod>> PodsAsync(LiveStream stream, CancellationToken cancellationToken) =>
        StreamObjects.PodsAsync(client, stream, SfuObjects.Selector(stream), cancellationToken);

    private static void Own(LiveStream stream, KubernetesObject? existing, string kind) =>
        StreamObjects.EnsureControlled(stream, existing, kind, "its SFU pods");
}

/// <summary>The stream's SFU objects as read, each null when missing.</summary>
public sealed record SfuCurrent(Secret? Secret, Service? Service, Deployment? Deployment, NetworkPolicy? Policy);
