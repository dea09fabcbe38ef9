using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Workloads;

/// <summary>A pod made from a controller's template: named after its owner, labelled as the template says, controlled by the owner.</summary>
internal static class PodTemplates
{
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
}
