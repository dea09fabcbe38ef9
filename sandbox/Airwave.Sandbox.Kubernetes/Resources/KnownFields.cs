using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Resources;

/// <summary>
/// The fields the apiserver's decoder knows for object metadata and for the top level of each built-in kind:
/// anything else is an unknown field (dropped, warned about or refused, per fieldValidation). Built-in kinds are
/// checked to their top level only; the sandbox does not carry their full schemas.
/// </summary>
internal static class KnownFields
{
    private static readonly HashSet<string> Metadata =
    [
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers", "managedFields",
    ];

    private static readonly Dictionary<(string Group, string Kind), HashSet<string>> TopLevel = new()
    {
        [("", "Namespace")] = Fields("spec", "status"),
        [("", "Pod")] = Fields("spec", "status"),
        [("", "Node")] = Fields("spec", "status"),
        [("", "Service")] = Fields("spec", "status"),
        [("", "Secret")] = Fields("data", "stringData", "type", "immutable"),
        [("", "ConfigMap")] = Fields("data", "binaryData", "immutable"),
        [("", "ServiceAccount")] = Fields("secrets", "imagePullSecrets", "automountServiceAccountToken"),
        [("", "Event")] = Fields(
            "involvedObject", "reason", "message", "source", "firstTimestamp", "lastTimestamp", "count", "type", "eventTime",
            "series", "action", "related", "reportingComponent", "reportingInstance"),
        [("apps", "Deployment")] = Fields("spec", "status"),
        [("batch", "Job")] = Fields("spec", "status"),
        [("coordination.k8s.io", "Lease")] = Fields("spec"),
        [("apiextensions.k8s.io", "CustomResourceDefinition")] = Fields("spec", "status"),
        [("rbac.authorization.k8s.io", "Role")] = Fields("rules"),
        [("rbac.authorization.k8s.io", "ClusterRole")] = Fields("rules", "aggregationRule"),
        [("rbac.authorization.k8s.io", "RoleBinding")] = Fields("subjects", "roleRef"),
        [("rbac.authorization.k8s.io", "ClusterRoleBinding")] = Fields("subjects", "roleRef"),
        [("admissionregistration.k8s.io", "ValidatingWebhookConfiguration")] = Fields("webhooks"),
        [("admissionregistration.k8s.io", "MutatingWebhookConfiguration")] = Fields("webhooks"),
    };

    /// <summary>Removes unknown metadata fields (every kind) and unknown top-level fields (built-in kinds); returns their paths.</summary>
    public static IReadOnlyList<string> Prune(ResourceType type, JsonObject obj)
    {
        var removed = new List<string>();
        if (obj["metadata"] is JsonObject metadata)
        {
            removed.AddRange(RemoveAllBut(metadata, Metadata).Select(field => $"metadata.{field}"));
        }

        if (!type.IsCustom && TopLevel.TryGetValue((type.Group, type.Kind), out var fields))
        {
            removed.AddRange(RemoveAllBut(obj, fields));
        }

        return removed;
    }

    private static HashSet<string> Fields(params string[] names) => [.. names, "apiVersion", "kind", "metadata"];

    private static List<string> RemoveAllBut(JsonObject obj, HashSet<string> known)
    {
        var unknown = obj.Select(p => p.Key).Where(key => !known.Contains(key)).ToList();
        foreach (var key in unknown)
        {
            obj.Remove(key);
        }

        return unknown;
    }
}
