using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Resources;

namespace Airwave.Sandbox.Kubernetes.Crds;

/// <summary>Reads CustomResourceDefinition objects: what they must contain, and the resources they serve.</summary>
internal static class CustomResourceDefinitions
{
    public static IReadOnlyList<StatusCause> Validate(JsonObject crd)
    {
        var causes = new List<StatusCause>();
        var spec = crd["spec"] as JsonObject;
        var group = (string?)spec?["group"];
        var plural = (string?)spec?["names"]?["plural"];
        Require(causes, group, "spec.group");
        Require(causes, plural, "spec.names.plural");
        Require(causes, (string?)spec?["names"]?["kind"], "spec.names.kind");
        var scope = (string?)spec?["scope"];
        if (scope is not ("Namespaced" or "Cluster"))
        {
            causes.Add(new StatusCause("FieldValueNotSupported", $"Unsupported value: \"{scope}\": supported values: \"Cluster\", \"Namespaced\"", "spec.scope"));
        }

        var name = (string?)crd["metadata"]?["name"];
        if (group is not null && plural is not null && name != $"{plural}.{group}")
        {
            causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: \"{name}\": must be spec.names.plural+\".\"+spec.group", "metadata.name"));
        }

        var versions = spec?["versions"] as JsonArray ?? [];
        if (versions.Count == 0)
        {
            causes.Add(new StatusCause("FieldValueInvalid", "Invalid value: []: must have exactly one version marked as storage version", "spec.versions"));
        }
        else if (versions.Count(v => (bool?)v?["storage"] == true) != 1)
        {
            causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: {versions.ToJsonString()}: must have exactly one version marked as storage version", "spec.versions"));
        }

        for (var i = 0; i < versions.Count; i++)
        {
            if (versions[i]?["schema"]?["openAPIV3Schema"] is not JsonObject)
            {
                causes.Add(new StatusCause("FieldValueRequired", "Required value: schemas are required", $"spec.versions[{i}].schema.openAPIV3Schema"));
            }
        }

        return causes;
    }

    /// <summary>The served versions of a valid CRD, storage version's order preserved.</summary>
    public static IReadOnlyList<ResourceType> ServedResources(JsonObject crd)
    {
        var spec = crd["spec"]!;
        var names = spec["names"]!;
        var group = (string)spec["group"]!;
        var kind = (string)names["kind"]!;
        var plural = (string)names["plural"]!;
        var singular = (string?)names["singular"] ?? kind.ToLowerInvariant();
        var namespaced = (string?)spec["scope"] == "Namespaced";
        var result = new List<ResourceType>();
        foreach (var version in spec["versions"]!.AsArray().OfType<JsonObject>().Where(v => (bool?)v["served"] != false))
        {
            result.Add(new ResourceType(group, (string)version["name"]!, kind, plural, singular, namespaced)
            {
                ShortNames = Strings(names["shortNames"]),
                Categories = Strings(names["categories"]),
                HasStatus = version["subresources"]?["status"] is JsonObject,
                TracksGeneration = true,
                IsCustom = true,
                Schema = CustomResourceSchema.Parse(version["schema"]!["openAPIV3Schema"]!.AsObject()),
                PrinterColumns = [.. (version["additionalPrinterColumns"] as JsonArray ?? []).OfType<JsonObject>().Select(ToColumn)],
            });
        }

        return result;
    }

    /// <summary>The status a real apiserver reports once the names are accepted and the resource is served.</summary>
    public static JsonObject EstablishedStatus(JsonObject crd, DateTimeOffset now)
    {
        var spec = crd["spec"]!;
        var time = KubernetesTimeConverter.ToText(now);
        JsonObject Condition(string type, string reason, string message) => new()
        {
            ["type"] = type,
            ["status"] = "True",
            ["lastTransitionTime"] = time,
            ["reason"] = reason,
            ["message"] = message,
        };
        var acceptedNames = spec["names"]!.DeepClone().AsObject();
        acceptedNames["singular"] ??= ((string)acceptedNames["kind"]!).ToLowerInvariant();
        acceptedNames["listKind"] ??= (string)acceptedNames["kind"]! + "List";
        return new JsonObject
        {
            ["conditions"] = new JsonArray(
                Condition("NamesAccepted", "NoConflicts", "no conflicts found"),
                Condition("Established", "InitialNamesAccepted", "the initial names have been accepted")),
            ["acceptedNames"] = acceptedNames,
            ["storedVersions"] = new JsonArray([.. spec["versions"]!.AsArray().Where(v => (bool?)v?["storage"] == true).Select(v => (JsonNode?)(string?)v!["name"])]),
        };
    }

    private static PrinterColumn ToColumn(JsonObject column) => new(
        (string?)column["name"] ?? string.Empty,
        (string?)column["type"] ?? "string",
        (string?)column["jsonPath"] ?? string.Empty,
        (string?)column["description"] ?? string.Empty,
        (int?)column["priority"] ?? 0,
        (string?)column["format"]);

    private static string[] Strings(JsonNode? node) => node is JsonArray list ? [.. list.Select(n => (string?)n).OfType<string>()] : [];

    private static void Require(List<StatusCause> causes, string? value, string field)
    {
        if (string.IsNullOrEmpty(value))
        {
            causes.Add(new StatusCause("FieldValueRequired", "Required value", field));
        }
    }
}
