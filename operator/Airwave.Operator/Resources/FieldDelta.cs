using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Airwave.Operator.Resources;

/// <summary>
/// Where a described resource differs from what Airwave asked for: every field the request set is compared with the
/// resource's, and a field the request left out is the provider's to fill in (its defaults are not a difference). A
/// list must match item for item, so an item added or removed outside Airwave is a difference.
/// </summary>
public static class FieldDelta
{
    /// <summary>The paths of the fields that differ, such as <c>encoderSettings.videoDescriptions[0].width</c>.</summary>
    public static IReadOnlyList<string> Of<T>(T desired, T? actual, JsonTypeInfo<T> type, string path)
    {
        var found = new List<string>();
        Compare(JsonSerializer.SerializeToNode(desired, type), actual is null ? null : JsonSerializer.SerializeToNode(actual, type), path, found);
        return found;
    }

    private static void Compare(JsonNode? desired, JsonNode? actual, string path, List<string> found)
    {
        switch (desired)
        {
            case null:
                return;
            case JsonObject wanted when actual is JsonObject have:
                foreach (var (name, value) in wanted)
                {
                    Compare(value, have[name], $"{path}.{name}", found);
                }

                return;
            case JsonArray wanted when actual is JsonArray have && wanted.Count == have.Count:
                for (var i = 0; i < wanted.Count; i++)
                {
                    Compare(wanted[i], have[i], $"{path}[{i}]", found);
                }

                return;
            case JsonValue when JsonNode.DeepEquals(desired, actual):
                return;
            default:
                found.Add(path);
                return;
        }
    }
}
