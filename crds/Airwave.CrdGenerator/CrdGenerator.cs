using System.Reflection;
using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Crds;
using Airwave.Kubernetes.ApiMachinery.Yaml;

namespace Airwave.CrdGeneration;

/// <summary>Turns a custom resource type into its apiextensions.k8s.io/v1 CustomResourceDefinition.</summary>
public static class CrdGenerator
{
    public const string Header = "# Generated from the C# types in crds/Airwave.Api by `airwave-operator crds`. Do not edit.\n";

    public static JsonObject Generate(Type resourceType)
    {
        ArgumentNullException.ThrowIfNull(resourceType);
        var entity = resourceType.GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new ArgumentException($"{resourceType.Name} has no [KubernetesEntity]", nameof(resourceType));

        var names = new JsonObject
        {
            ["kind"] = entity.Kind,
            ["listKind"] = entity.Kind + "List",
            ["plural"] = entity.Plural,
            ["singular"] = entity.Singular,
        };
        if (entity.ShortNames.Length > 0)
        {
            names["shortNames"] = Strings(entity.ShortNames);
        }

        if (entity.Categories.Length > 0)
        {
            names["categories"] = Strings(entity.Categories);
        }

        var version = new JsonObject
        {
            ["name"] = entity.Version,
            ["served"] = true,
            ["storage"] = true,
            ["subresources"] = new JsonObject { ["status"] = new JsonObject() },
            ["additionalPrinterColumns"] = new JsonArray([.. resourceType.GetCustomAttributes<PrinterColumnAttribute>().Select(PrinterColumn)]),
            ["schema"] = new JsonObject { ["openAPIV3Schema"] = RootSchema(resourceType) },
        };

        return new JsonObject
        {
            ["apiVersion"] = "apiextensions.k8s.io/v1",
            ["kind"] = "CustomResourceDefinition",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{entity.Plural}.{entity.Group}",
                ["labels"] = new JsonObject { ["app.kubernetes.io/part-of"] = "airwave" },
            },
            ["spec"] = new JsonObject
            {
                ["group"] = entity.Group,
                ["names"] = names,
                ["scope"] = "Namespaced",
                ["versions"] = new JsonArray(version),
            },
        };
    }

    /// <summary>The CRD as the YAML file committed under crds/.</summary>
    public static string ToYaml(Type resourceType) => Header + YamlWriter.Write(Generate(resourceType));

    /// <summary>The file name controller-gen would give it: group_plural.yaml.</summary>
    public static string FileName(Type resourceType)
    {
        ArgumentNullException.ThrowIfNull(resourceType);
        var entity = resourceType.GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new ArgumentException($"{resourceType.Name} has no [KubernetesEntity]", nameof(resourceType));
        return $"{entity.Group}_{entity.Plural}.yaml";
    }

    private static JsonObject RootSchema(Type resourceType)
    {
        var schema = new SchemaBuilder().ForObject(resourceType);
        var properties = schema["properties"]!.AsObject();
        properties["apiVersion"] = new JsonObject
        {
            ["description"] = "APIVersion defines the versioned schema of this representation of an object.",
            ["type"] = "string",
        };
        properties["kind"] = new JsonObject
        {
            ["description"] = "Kind is a string value representing the REST resource this object represents.",
            ["type"] = "string",
        };

        // The API server owns metadata's schema; a CRD may only say it is an object.
        properties["metadata"] = new JsonObject { ["type"] = "object" };
        return schema;
    }

    private static JsonObject PrinterColumn(PrinterColumnAttribute column)
    {
        var result = new JsonObject
        {
            ["name"] = column.Name,
            ["type"] = column.Type,
            ["jsonPath"] = column.JsonPath,
        };
        if (column.Description is not null)
        {
            result["description"] = column.Description;
        }

        if (column.Priority != 0)
        {
            result["priority"] = column.Priority;
        }

        return result;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);
}
