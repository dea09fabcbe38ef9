using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Airwave.Sandbox.Kubernetes.Tables;

/// <summary>
/// The JSONPath subset printer columns use: ".a.b", ".list[0].x" and ".conditions[?(@.type=="Ready")].status".
/// </summary>
internal static partial class SimpleJsonPath
{
    public static JsonNode? Evaluate(JsonNode? root, string path)
    {
        var node = root;
        foreach (Match step in Step().Matches(path))
        {
            node = node?[step.Groups["name"].Value];
            if (step.Groups["index"].Success && node is JsonArray indexed)
            {
                var index = int.Parse(step.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture);
                node = index < indexed.Count ? indexed[index] : null;
            }
            else if (step.Groups["key"].Success && node is JsonArray filtered)
            {
                var key = step.Groups["key"].Value;
                var value = step.Groups["value"].Value;
                node = filtered.FirstOrDefault(item => item?[key]?.ToString() == value);
            }
        }

        return node;
    }

    [GeneratedRegex("""\.(?<name>[^.\[]+)(\[(?:(?<index>\d+)|\?\(@\.(?<key>[^=]+)==["'](?<value>[^"']*)["']\))\])?""")]
    private static partial Regex Step();
}
