using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Airwave.Kubernetes.ApiMachinery.Patch;

/// <summary>JSON value semantics shared by the patch formats.</summary>
public static class JsonValues
{
    /// <summary>
    /// Structural equality as RFC 6902 defines it for "test": numbers compare by value (1 equals 1.0),
    /// objects ignore member order, arrays compare element by element.
    /// </summary>
    public static bool AreEqual(JsonNode? left, JsonNode? right)
    {
        switch (left, right)
        {
            case (null, null):
                return true;
            case (null, _) or (_, null):
                return false;
            case (JsonObject l, JsonObject r):
                if (l.Count != r.Count)
                {
                    return false;
                }

                foreach (var (name, value) in l)
                {
                    if (!r.TryGetPropertyValue(name, out var other) || !AreEqual(value, other))
                    {
                        return false;
                    }
                }

                return true;
            case (JsonArray l, JsonArray r):
                if (l.Count != r.Count)
                {
                    return false;
                }

                for (var i = 0; i < l.Count; i++)
                {
                    if (!AreEqual(l[i], r[i]))
                    {
                        return false;
                    }
                }

                return true;
            case (JsonValue l, JsonValue r):
                var kind = l.GetValueKind();
                if (kind != r.GetValueKind())
                {
                    return false;
                }

                return kind == JsonValueKind.Number
                    ? NumbersEqual(l.ToJsonString(), r.ToJsonString())
                    : l.ToJsonString() == r.ToJsonString();
            default:
                return false;
        }
    }

    /// <summary>A copy of the node, so that results never share nodes with the caller's documents.</summary>
    public static JsonNode? Clone(JsonNode? node) => node?.DeepClone();

    /// <summary>A short rendering for error messages.</summary>
    public static string Describe(JsonNode? node) => node is null ? "null" : node.ToJsonString();

    private static bool NumbersEqual(string left, string right)
    {
        if (decimal.TryParse(left, NumberStyles.Float, CultureInfo.InvariantCulture, out var l)
            && decimal.TryParse(right, NumberStyles.Float, CultureInfo.InvariantCulture, out var r))
        {
            return l == r;
        }

        return double.Parse(left, CultureInfo.InvariantCulture) == double.Parse(right, CultureInfo.InvariantCulture);
    }
}
