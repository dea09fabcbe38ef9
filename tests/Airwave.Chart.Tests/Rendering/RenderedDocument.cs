using System.Text.Json.Nodes;

namespace Airwave.Chart.Tests.Rendering;

/// <param name="Source">The chart file it was rendered from, e.g. "airwave/templates/deployment.yaml".</param>
public sealed record RenderedDocument(string Source, JsonObject Manifest)
{
    public string Kind => (string?)Manifest["kind"] ?? throw new InvalidOperationException($"{Source} has no kind");

    public string Name => (string?)Manifest["metadata"]?["name"] ?? throw new InvalidOperationException($"{Source} has no metadata.name");
}
