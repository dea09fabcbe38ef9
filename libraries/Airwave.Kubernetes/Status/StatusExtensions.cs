using System.Text.Json;
using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.ApiMachinery.Patch;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Serialization;

namespace Airwave.Kubernetes.Status;

public static class StatusExtensions
{
    /// <summary>
    /// Writes <paramref name="desired"/>'s status through the /status subresource, only if it differs from
    /// <paramref name="original"/>'s. The write is a merge patch of just the differences: it cannot conflict
    /// with a spec change made meanwhile, and an unchanged status causes no write (and so no watch event that
    /// would trigger another reconcile).
    /// </summary>
    /// <param name="onlyIfCurrent">
    /// The patch carries <paramref name="original"/>'s resourceVersion, so it fails with a conflict when the object
    /// changed since it was read: for status that cannot be rebuilt (a history), which a patch computed from a stale
    /// read would drop.
    /// </param>
    /// <returns>The object as the server has it after the write, or <paramref name="original"/> when nothing changed.</returns>
    public static async Task<T> UpdateStatusIfChangedAsync<T>(this KubernetesClient client, ResourceType type, T original, T desired, CancellationToken cancellationToken, bool onlyIfCurrent = false)
        where T : KubernetesObject
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(desired);
        var typeInfo = client.JsonOptions.TypeInfo<T>();
        var before = JsonSerializer.SerializeToNode(original, typeInfo)?["status"];
        var after = JsonSerializer.SerializeToNode(desired, typeInfo)?["status"];
        if (JsonNode.DeepEquals(before, after))
        {
            return original;
        }

        var patch = new JsonObject { ["status"] = JsonMergePatch.Create(before, after)?.DeepClone() };
        if (onlyIfCurrent)
        {
            patch["metadata"] = new JsonObject { ["resourceVersion"] = original.Metadata.ResourceVersion };
        }

        var name = original.Metadata.Name ?? throw new ArgumentException("the object has no metadata.name", nameof(original));
        return await client.PatchAsync<T>(type, original.Metadata.Namespace, name, KubernetesPatch.Merge(patch), cancellationToken, subresource: "status");
    }
}
