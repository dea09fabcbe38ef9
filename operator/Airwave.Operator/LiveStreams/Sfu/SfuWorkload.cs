using System.Text.Json.Nodes;
using Airwave.Api.LiveStreams;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Apps;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Client.Errors;
using Airwave.Kubernetes.Core;
using Airwave.Kubernetes.Ownership;
using Airwave.Operator.Configuration;
using Airwave.Operator.Hosting;

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
    /// <exception cref="SfuNameTakenException">An object of the name exists and is not the stream's.</exception>
    public async Task<SfuCurrent> ReadAsync(LiveStream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var name = SfuObjects.NameFor(stream);
        var secret = await StreamObjects.ReadAsync<Secret>(client, ResourceType.Secrets, stream, name, cancellationToken);
        var service = await StreamObjects.ReadAsync<Service>(client, ResourceType.Services, stream, name, cancellationToken);
        var deployment = await StreamObjects.ReadAsync<Deployment>(client, ResourceType.Deployments, stream, name, cancellationToken);
        Own(stream, secret, "Secret");
        Own(stream, service, "Service");
        Own(stream, deployment, "Deployment");
        return new SfuCurrent(secret, service, deployment);
    }

    /// <summary>Makes or updates the stream's objects for <paramref name="replicas"/> pods; returns what was made (for the stream's events).</summary>
    /// <exception cref="SfuNameTakenException">A Secret of the name was made since <paramref name="current"/> was read, not by the stream.</exception>
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

        if (await ApplyAsync<Service>(stream, ResourceType.Services, current.Service, SfuObjects.Service(stream, options.Sfu), cancellationToken))
        {
            made.Add($"Service {name}");
        }

        if (await ApplyAsync<Deployment>(stream, ResourceType.Deployments, current.Deployment, SfuObjects.Deployment(stream, replicas, publishKeyDigest, forwardTo, options.Sfu), cancellationToken))
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
    public async Task<IReadOnlyList<Pod>> PodsAsync(LiveStream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var selector = string.Join(',', SfuObjects.Selector(stream).Select(label => $"{label.Key}={label.Value}"));
        var pods = await client.ListAsync<Pod>(ResourceType.Pods, stream.Metadata.Namespace, new ListOptions { LabelSelector = selector }, cancellationToken);
        return [.. pods.Items.OrderBy(p => p.Metadata.Name, StringComparer.Ordinal)];
    }

    /// <summary>Applies <paramref name="wanted"/> unless <paramref name="existing"/> already carries its hash; true when that made the object.</summary>
    private async Task<bool> ApplyAsync<T>(LiveStream stream, ResourceType type, T? existing, JsonObject wanted, CancellationToken cancellationToken)
        where T : KubernetesObject
    {
        if (existing?.Metadata.Annotations?.GetValueOrDefault(SfuObjects.AppliedHashAnnotation) == SfuObjects.HashOf(wanted))
        {
            return false;
        }

        await client.PatchAsync<T>(type, stream.Metadata.Namespace, SfuObjects.NameFor(stream), KubernetesPatch.Apply(wanted, OperatorServices.ControllerName, force: true), cancellationToken);
        return existing is null;
    }

    private static void Own(LiveStream stream, KubernetesObject? existing, string kind)
    {
        if (existing is not null && !OwnerReferences.IsControlledBy(existing, stream))
        {
            throw new SfuNameTakenException($"{kind} {existing.Metadata.Name} already exists and is not controlled by this LiveStream, so its SFU pods cannot be made under that name; delete or rename that {kind} and the stream continues.");
        }
    }
}

/// <summary>The stream's SFU objects as read, each null when missing.</summary>
public sealed record SfuCurrent(Secret? Secret, Service? Service, Deployment? Deployment);

/// <summary>An object that the stream's SFU objects would be named as belongs to something else.</summary>
public sealed class SfuNameTakenException(string message) : Exception(message);
