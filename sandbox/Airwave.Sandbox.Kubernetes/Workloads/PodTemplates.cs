using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Workloads;

/// <summary>A pod made from a controller's template: named after its owner, labelled as the template says, controlled by the owner.</summary>
internal static class PodTemplates
{
    /// <summary>The label DaemonSets' and StatefulSets' pods carry their template's revision in.</summary>
    public const string RevisionLabel = "controller-revision-hash";

    public static JsonObject PodFor(StoredObject owner, string apiVersion, string kind, JsonObject template)
    {
        var metadata = new JsonObject
        {
            ["generateName"] = owner.Key.Name + "-",
            ["labels"] = template["metadata"]?["labels"]?.DeepClone() ?? new JsonObject(),
            ["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = apiVersion,
                ["kind"] = kind,
                ["name"] = owner.Key.Name,
                ["uid"] = owner.Uid,
                ["controller"] = true,
                ["blockOwnerDeletion"] = true,
            }),
        };
        if (template["metadata"]?["annotations"] is JsonObject annotations)
        {
            metadata["annotations"] = annotations.DeepClone();
        }

        return new JsonObject { ["metadata"] = metadata, ["spec"] = template["spec"]?.DeepClone() ?? new JsonObject() };
    }

    /// <summary>
    /// The template's content whatever the order of its fields and without null or empty ones, as the controller
    /// hashes the decoded template: `kubectl rollout undo` writes the same template back in another order, with
    /// `resources: {}` and `creationTimestamp: null`.
    /// </summary>
    private static string Canonical(JsonNode? node) => node switch
    {
        JsonObject obj => "{" + string.Join(",", obj.Where(p => p.Value is not null and not JsonObject { Count: 0 }).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{JsonValue.Create(p.Key).ToJsonString()}:{Canonical(p.Value)}")) + "}",
        JsonArray array => "[" + string.Join(",", array.Select(Canonical)) + "]",
        null => "null",
        _ => node.ToJsonString(),
    };

    /// <summary>A short, stable name for a pod template, in the alphabet Kubernetes uses for such suffixes.</summary>
    public static string Hash(JsonObject template)
    {
        const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(template)));
        var value = BitConverter.ToUInt64(digest, 0);
        var hash = new StringBuilder();
        for (var i = 0; i < 10; i++)
        {
            hash.Append(Alphabet[(int)(value % (ulong)Alphabet.Length)]);
            value /= (ulong)Alphabet.Length;
        }

        return hash.ToString();
    }
}
