using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Yaml;

namespace Airwave.Chart.Tests.Rendering;

/// <summary>The renderer's output: the YAML stream as printed, and each document with the template it came from.</summary>
public sealed record RenderedChart(string Yaml, IReadOnlyList<RenderedDocument> Documents)
{
    private const string SourcePrefix = "# Source: ";

    public static RenderedChart Parse(string yaml)
    {
        var documents = new List<RenderedDocument>();
        foreach (var text in yaml.Split("\n---\n").Select(d => d.TrimStart('-', '\n')))
        {
            var source = text.Split('\n').FirstOrDefault(l => l.StartsWith(SourcePrefix, StringComparison.Ordinal))?[SourcePrefix.Length..];
            Assert.False(source is null, $"a rendered document has no '# Source:' line:\n{text}");
            var node = YamlReader.Read(text);
            Assert.True(node is JsonObject, $"{source} is not one YAML mapping");
            documents.Add(new RenderedDocument(source, (JsonObject)node));
        }

        return new RenderedChart(yaml, documents);
    }

    public IEnumerable<string> Kinds => Documents.Select(d => d.Kind);

    public JsonObject One(string kind)
    {
        var matches = Documents.Where(d => d.Kind == kind).ToList();
        Assert.True(matches.Count == 1, $"expected one {kind}, rendered {matches.Count}");
        return matches[0].Manifest;
    }

    /// <summary>The one document of a kind and name (the chart renders several ServiceAccounts, Deployments and ClusterRoles).</summary>
    public JsonObject Named(string kind, string name)
    {
        var matches = Documents.Where(d => d.Kind == kind && d.Name == name).ToList();
        Assert.True(matches.Count == 1, $"expected one {kind} {name}, rendered {matches.Count}");
        return matches[0].Manifest;
    }

    /// <summary>The operator's one document of a kind (its Deployment, its ServiceAccount), by the component label.</summary>
    public JsonObject Operator(string kind)
    {
        var matches = Documents.Where(d => d.Kind == kind && (string?)d.Manifest["metadata"]!["labels"]?["app.kubernetes.io/component"] == "operator").ToList();
        Assert.True(matches.Count == 1, $"expected one {kind} of the operator, rendered {matches.Count}");
        return matches[0].Manifest;
    }

    public bool Has(string kind) => Documents.Any(d => d.Kind == kind);
}
