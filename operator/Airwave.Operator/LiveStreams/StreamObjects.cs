using Airwave.Api.LiveStreams;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Ownership;
using k8s;
using k8s.Models;

namespace Airwave.Operator.LiveStreams;

/// <summary>The objects a stream makes under names derived from its own (its SFU objects, its connector); its Secrets are written, never read (<see cref="Airwave.Kubernetes.Secrets.WriteOnlySecret"/>).</summary>
public static class StreamObjects
{
    /// <summary>The stream's pods that <paramref name="selector"/> selects (one workload's), by name.</summary>
    public static async Task<IReadOnlyList<V1Pod>> PodsAsync(KubernetesClient client, LiveStream stream, IReadOnlyDictionary<string, string> selector, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(selector);
        var labels = string.Join(',', selector.Select(label => $"{label.Key}={label.Value}"));
        var pods = await client.Api.CoreV1.ListNamespacedPodAsync(stream.Metadata.Namespace, labelSelector: labels, cancellationToken: cancellationToken);
        return [.. pods.Items.OrderBy(p => p.Metadata.Name, StringComparer.Ordinal)];
    }

    /// <summary>Throws when <paramref name="existing"/> is there and is not the stream's: its name is taken.</summary>
    /// <param name="purpose">What the stream cannot have under that name, for the message ("its SFU pods").</param>
    /// <exception cref="ObjectNameTakenException">The object exists and is not controlled by the stream.</exception>
    public static void EnsureControlled(LiveStream stream, IMetadata<V1ObjectMeta>? existing, string kind, string purpose)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (existing is not null && !OwnerReferences.IsControlledBy(existing.Metadata, stream))
        {
            throw new ObjectNameTakenException($"{kind} {existing.Metadata.Name} already exists and is not controlled by this LiveStream, so {purpose} cannot be made under that name; delete or rename that {kind} and the stream continues.");
        }
    }

    /// <summary>
    /// The object of that name; null when there is none, or when it was a predecessor's: a stream of the same name that
    /// was deleted and applied again, whose objects the garbage collector has not yet removed. That very object (by its
    /// uid) is deleted now, as what it held belonged to resources that are gone.
    /// </summary>
    public static async Task<T?> ReadAsync<T>(KubernetesClient client, ResourceType type, LiveStream stream, string name, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(stream);
        var existing = await client.GetModelAsync<T>(type, stream.Metadata.Namespace, name, cancellationToken).OrNull();
        if (existing is null
            || OwnerReferences.GetController(existing.Metadata) is not { Kind: "LiveStream" } owner
            || owner.Name != stream.Metadata.Name
            || owner.Uid == stream.Metadata.Uid)
        {
            return existing;
        }

        await client.DeleteAsync(type, stream.Metadata.Namespace, name, cancellationToken, new DeleteOptions
        {
            Preconditions = new Preconditions { Uid = existing.Metadata.Uid },
            PropagationPolicy = "Background",
        });
        return null;
    }
}

/// <summary>An object that one of the stream's own would be named as belongs to something else.</summary>
public sealed class ObjectNameTakenException(string message) : Exception(message);
