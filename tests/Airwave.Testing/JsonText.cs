using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Yaml;

namespace Airwave.Testing;

/// <summary>Test documents written as JSON or YAML text, and assertions that show both sides on failure.</summary>
public static class JsonText
{
    public static JsonNode? Parse(string json) => JsonNode.Parse(json);

    public static JsonObject Yaml(string yaml) => (JsonObject)YamlReader.Read(yaml)!;

    public static void Equal(JsonNode? expected, JsonNode? actual)
    {
        if (!JsonNode.DeepEquals(expected, actual))
        {
            Assert.Fail($"expected {Render(expected)}{Environment.NewLine}but got  {Render(actual)}");
        }
    }

    public static void Equal(string expectedJson, JsonNode? actual) => Equal(Parse(expectedJson), actual);

    private static string Render(JsonNode? node) => node?.ToJsonString() ?? "null";
}
