using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client;

namespace Airwave.Kubernetes.Finalizers;

/// <summary>
/// Adds and removes finalizers with patches that touch only metadata.finalizers, so a concurrent status or
/// spec change does not cause a 409 as a full replace would.
/// </summary>
public static class FinalizerExtensions
{
    public static bool HasFinalizer(this KubernetesObject resource, string finalizer)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return resource.Metadata.Finalizers?.Contains(finalizer) == true;
    }

    /// <summary>Adds the finalizer unless present; returns the object as the server has it afterwards.</summary>
    public static async Task<T> AddFinalizerAsync<T>(this KubernetesClient client, ResourceType type, T resource, string finalizer, CancellationToken cancellationToken)
        where T : KubernetesObject
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(resource);
        if (resource.HasFinalizer(finalizer))
        {
            return resource;
        }

        var current = resource.Metadata.Finalizers ?? [];
        KubernetesPatch patch;
        if (current.Count == 0)
        {
            // JSON patch cannot test that a path is absent; resourceVersion in a merge patch makes the
            // server refuse (409) if someone else created the list meanwhile.
            patch = KubernetesPatch.Merge(new JsonObject
            {
                ["metadata"] = new JsonObject
                {
                    ["finalizers"] = new JsonArray(finalizer),
                    ["resourceVersion"] = resource.Metadata.ResourceVersion,
                },
            });
        }
        else
        {
            patch = KubernetesPatch.Json(
            [
                new JsonObject { ["op"] = "test", ["path"] = "/metadata/finalizers", ["value"] = ToJsonArray(current) },
                new JsonObject { ["op"] = "add", ["path"] = "/metadata/finalizers/-", ["value"] = finalizer },
            ]);
        }

        return await client.PatchAsync<T>(type, resource.Metadata.Namespace, NameOf(resource), patch, cancellationToken);
    }

    /// <summary>Removes the finalizer if present; returns the object as the server has it afterwards.</summary>
    public static async Task<T> RemoveFinalizerAsync<T>(this KubernetesClient client, ResourceType type, T resource, string finalizer, CancellationToken cancellationToken)
        where T : KubernetesObject
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(resource);
        var index = resource.Metadata.Finalizers?.ToList().IndexOf(finalizer) ?? -1;
        if (index < 0)
        {
            return resource;
        }

        // The test makes the removal fail instead of removing someone else's finalizer if the list shifted.
        var path = $"/metadata/finalizers/{index}";
        var patch = KubernetesPatch.Json(
        [
            new JsonObject { ["op"] = "test", ["path"] = path, ["value"] = finalizer },
            new JsonObject { ["op"] = "remove", ["path"] = path },
        ]);
        return await client.PatchAsync<T>(type, resource.Metadata.Namespace, NameOf(resource), patch, cancellationToken);
    }

    private static JsonArray ToJsonArray(IEnumerable<string> values) => [.. values.Select(v => (JsonNode?)v)];

    private static string NameOf(KubernetesObject resource) =>
        resource.Metadata.Name ?? throw new ArgumentException("the object has no metadata.name", nameof(resource));
}
