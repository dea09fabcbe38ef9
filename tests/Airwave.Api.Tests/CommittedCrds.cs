using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.ApiMachinery.Schema;
using Airwave.Kubernetes.ApiMachinery.Yaml;

namespace Airwave.Api.Tests;

/// <summary>The structural schemas of the CRDs committed under crds/, by apiVersion and kind.</summary>
internal static class CommittedCrds
{
    private static readonly Dictionary<(string ApiVersion, string Kind), StructuralSchema> Schemas = Load();

    public static StructuralSchema SchemaFor(JsonNode manifest)
    {
        var apiVersion = manifest["apiVersion"]?.GetValue<string>() ?? throw new InvalidOperationException("manifest has no apiVersion");
        var kind = manifest["kind"]?.GetValue<string>() ?? throw new InvalidOperationException("manifest has no kind");
        return Schemas.TryGetValue((apiVersion, kind), out var schema)
            ? schema
            : throw new InvalidOperationException($"no CRD under crds/ serves {apiVersion} {kind}");
    }

    private static Dictionary<(string, string), StructuralSchema> Load()
    {
        var schemas = new Dictionary<(string, string), StructuralSchema>();
        foreach (var file in Directory.GetFiles(Repository.Path("crds"), "*.yaml"))
        {
            var crd = YamlReader.Read(File.ReadAllText(file))!;
            var group = crd["spec"]!["group"]!.GetValue<string>();
            var kind = crd["spec"]!["names"]!["kind"]!.GetValue<string>();
            foreach (var version in crd["spec"]!["versions"]!.AsArray())
            {
                var apiVersion = $"{group}/{version!["name"]!.GetValue<string>()}";
                schemas[(apiVersion, kind)] = StructuralSchema.Parse(version["schema"]!["openAPIV3Schema"]!);
            }
        }

        return schemas;
    }
}
