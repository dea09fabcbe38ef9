using System.Globalization;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Selectors;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Admission;

/// <summary>
/// The namespace and object selectors of admission webhooks and policies, matched as kube-apiserver matches them:
/// the namespace selector against the labels of a namespaced object's namespace, the object selector against the
/// labels of the new or the old object.
/// </summary>
internal static class AdmissionSelectors
{
    public static bool Match(ObjectStore store, LabelSelector namespaceSelector, LabelSelector objectSelector, ResourceType type, string? ns, JsonObject? obj, JsonObject? old)
    {
        if (type.Namespaced && !namespaceSelector.IsEverything)
        {
            var space = store.Get(BuiltInResources.Namespaces.StorageKey, new ObjectKey(string.Empty, ns ?? ""));
            if (space is null || !namespaceSelector.Matches(space.Labels))
            {
                return false;
            }
        }

        return objectSelector.IsEverything || new[] { obj, old }.Any(o => o is not null && objectSelector.Matches(Labels(o)));
    }

    /// <summary>A metav1.LabelSelector (matchLabels and matchExpressions) as the selector parser reads it; none selects everything.</summary>
    public static LabelSelector Selector(JsonObject? selector)
    {
        if (selector is null)
        {
            return LabelSelector.Everything;
        }

        var terms = new List<string>();
        foreach (var (key, value) in selector["matchLabels"] as JsonObject ?? [])
        {
            terms.Add($"{key}={(string?)value}");
        }

        foreach (var expression in (selector["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var key = (string?)expression["key"];
            var values = string.Join(",", (expression["values"] as JsonArray ?? []).Select(v => (string?)v));
            terms.Add((string?)expression["operator"] switch
            {
                "In" => $"{key} in ({values})",
                "NotIn" => $"{key} notin ({values})",
                "Exists" => key!,
                "DoesNotExist" => $"!{key}",
                var other => throw new FormatException(string.Format(CultureInfo.InvariantCulture, "unknown selector operator {0}", other)),
            });
        }

        return LabelSelector.Parse(string.Join(",", terms));
    }

    private static Dictionary<string, string> Labels(JsonObject obj) =>
        (obj["metadata"]?["labels"] as JsonObject ?? []).ToDictionary(p => p.Key, p => (string?)p.Value ?? "", StringComparer.Ordinal);
}
