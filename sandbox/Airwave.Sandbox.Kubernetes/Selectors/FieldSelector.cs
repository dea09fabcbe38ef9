using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Selectors;

/// <summary>
/// The fieldSelector query parameter: "field=value", "field==value" and "field!=value" terms over the fields
/// the real server indexes — metadata.name and metadata.namespace everywhere, plus a few per kind.
/// </summary>
internal sealed class FieldSelector
{
    private static readonly Dictionary<string, string[]> KindFields = new(StringComparer.Ordinal)
    {
        ["Pod"] = ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "status.phase", "status.podIP"],
        ["Event"] = ["involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type", "regarding.kind", "regarding.namespace", "regarding.name", "regarding.uid"],
        ["Secret"] = ["type"],
    };

    private readonly IReadOnlyList<(string Field, bool Equal, string Value)> _terms;

    private FieldSelector(IReadOnlyList<(string Field, bool Equal, string Value)> terms) => _terms = terms;

    public static FieldSelector Everything { get; } = new([]);

    public bool IsEverything => _terms.Count == 0;

    /// <summary>Parses the selector; with a conversion, served field paths are looked up where the storage keeps them.</summary>
    public static FieldSelector Parse(string? text, string kind, IObjectConversion? conversion = null)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var terms = new List<(string, bool, string)>();
        foreach (var term in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var (field, equal, value) = term.Contains("!=", StringComparison.Ordinal)
                ? Split(term, "!=", false)
                : term.Contains("==", StringComparison.Ordinal) ? Split(term, "==", true) : Split(term, "=", true);
            if (field is not ("metadata.name" or "metadata.namespace") && !(KindFields.TryGetValue(kind, out var allowed) && allowed.Contains(field)))
            {
                throw ApiErrors.BadRequest($"field label not supported: {field}");
            }

            terms.Add((conversion?.StoragePath(field) ?? field, equal, value));
        }

        return new FieldSelector(terms);
    }

    public bool Matches(StoredObject obj)
    {
        JsonObject? json = null;
        foreach (var (field, equal, value) in _terms)
        {
            var actual = field switch
            {
                "metadata.name" => obj.Key.Name,
                "metadata.namespace" => obj.Key.Namespace,
                _ => Lookup(json ??= obj.ToJson(), field),
            };
            if ((actual == value) != equal)
            {
                return false;
            }
        }

        return true;
    }

    private static string Lookup(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var part in path.Split('.'))
        {
            node = node?[part];
        }

        return node is JsonValue value ? value.ToString() : string.Empty;
    }

    private static (string, bool, string) Split(string term, string op, bool equal)
    {
        var at = term.IndexOf(op, StringComparison.Ordinal);
        return (term[..at].Trim(), equal, term[(at + op.Length)..].Trim());
    }
}
