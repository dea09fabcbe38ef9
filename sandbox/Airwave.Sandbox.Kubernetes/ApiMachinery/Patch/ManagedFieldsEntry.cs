using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Sandbox.Kubernetes.ApiMachinery.Patch;

/// <summary>One metadata.managedFields entry: who manages which fields, through which operation.</summary>
internal sealed record ManagedFieldsEntry(
    string Manager,
    string Operation,
    string? ApiVersion,
    DateTimeOffset? Time,
    string? Subresource,
    FieldSet Fields)
{
    public const string Apply = "Apply";
    public const string Update = "Update";

    public bool Is(string manager, string operation, string? subresource) =>
        Manager == manager && Operation == operation && (Subresource ?? "") == (subresource ?? "");

    /// <summary>The manager as the API server names it in conflict messages.</summary>
    public string Describe()
    {
        var text = $"\"{Manager}\"";
        if (!string.IsNullOrEmpty(Subresource))
        {
            text += $" with subresource \"{Subresource}\"";
        }

        if (Operation == Update)
        {
            text += $" using {ApiVersion}";
            if (Time is { } time)
            {
                text += $" at {KubernetesTimeConverter.ToText(time)}";
            }
        }

        return text;
    }

    public static List<ManagedFieldsEntry> ReadAll(JsonNode? obj)
    {
        if (obj?["metadata"]?["managedFields"] is not JsonArray entries)
        {
            return [];
        }

        var result = new List<ManagedFieldsEntry>();
        foreach (var entry in entries.OfType<JsonObject>())
        {
            result.Add(new ManagedFieldsEntry(
                Text(entry, "manager") ?? "",
                Text(entry, "operation") ?? Update,
                Text(entry, "apiVersion"),
                Text(entry, "time") is { } time ? DateTimeOffset.Parse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : null,
                Text(entry, "subresource"),
                FieldSet.FromFieldsV1(entry["fieldsV1"])));
        }

        return result;
    }

    /// <summary>
    /// Writes the entries into obj.metadata.managedFields, dropping those that own nothing and ordering them as
    /// the API server does: by operation, then time, manager, apiVersion and subresource.
    /// </summary>
    public static void WriteAll(JsonObject obj, IEnumerable<ManagedFieldsEntry> entries)
    {
        var metadata = obj["metadata"] as JsonObject;
        if (metadata is null)
        {
            metadata = [];
            obj["metadata"] = metadata;
        }

        var ordered = entries
            .Where(entry => !entry.Fields.IsEmpty)
            .OrderBy(entry => entry.Operation, StringComparer.Ordinal)
            .ThenBy(entry => entry.Time?.ToUnixTimeSeconds() ?? 0)
            .ThenBy(entry => entry.Manager, StringComparer.Ordinal)
            .ThenBy(entry => entry.ApiVersion, StringComparer.Ordinal)
            .ThenBy(entry => entry.Subresource, StringComparer.Ordinal)
            .Select(entry => (JsonNode?)entry.ToJson())
            .ToArray();

        if (ordered.Length == 0)
        {
            metadata.Remove("managedFields");
        }
        else
        {
            metadata["managedFields"] = new JsonArray(ordered);
        }
    }

    private JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["manager"] = Manager,
            ["operation"] = Operation,
        };
        if (ApiVersion is not null)
        {
            json["apiVersion"] = ApiVersion;
        }

        if (Time is { } time)
        {
            json["time"] = KubernetesTimeConverter.ToText(time);
        }

        json["fieldsType"] = "FieldsV1";
        json["fieldsV1"] = Fields.ToFieldsV1();
        if (!string.IsNullOrEmpty(Subresource))
        {
            json["subresource"] = Subresource;
        }

        return json;
    }

    private static string? Text(JsonObject entry, string name) =>
        entry[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
