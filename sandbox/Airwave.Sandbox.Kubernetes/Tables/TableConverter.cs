using System.Globalization;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Resources;

namespace Airwave.Sandbox.Kubernetes.Tables;

/// <summary>
/// Server-side printing (meta.k8s.io/v1 Table) for `kubectl get`: Name, the CRD's additionalPrinterColumns
/// (or a built-in's status column), and Age, or a built-in's own columns (events); each row carries the object's
/// metadata.
/// </summary>
internal sealed class TableConverter(TimeProvider time)
{
    public JsonObject Convert(ResourceType type, IEnumerable<JsonObject> objects, JsonObject listMetadata, TableRequest request)
    {
        var columns = Columns(type);
        var table = new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = listMetadata,
            ["columnDefinitions"] = new JsonArray([.. columns.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["type"] = c.Type,
                ["format"] = c.Format ?? string.Empty,
                ["description"] = c.Description,
                ["priority"] = c.Priority,
            })]),
            ["rows"] = new JsonArray([.. objects.Select(o => (JsonNode)Row(columns, o, request.Include))]),
        };
        return table;
    }

    private JsonObject Row(IReadOnlyList<PrinterColumn> columns, JsonObject obj, IncludeObject include)
    {
        var row = new JsonObject { ["cells"] = new JsonArray([.. columns.Select(c => Cell(c, obj))]) };
        switch (include)
        {
            case IncludeObject.Object:
                row["object"] = obj.DeepClone();
                break;
            case IncludeObject.Metadata:
                row["object"] = new JsonObject
                {
                    ["kind"] = "PartialObjectMetadata",
                    ["apiVersion"] = "meta.k8s.io/v1",
                    ["metadata"] = obj["metadata"]?.DeepClone(),
                };
                break;
        }

        return row;
    }

    private JsonNode? Cell(PrinterColumn column, JsonObject obj)
    {
        if (column.Compute is { } compute)
        {
            return compute(obj, time.GetUtcNow());
        }

        var value = SimpleJsonPath.Evaluate(obj, column.JsonPath);
        if (column.Type == "date")
        {
            return value is JsonValue text && DateTimeOffset.TryParse(text.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                ? HumanDuration.Format(time.GetUtcNow() - at)
                : "<unknown>";
        }

        return value switch
        {
            null => column.Type is "integer" or "number" or "boolean" ? null : string.Empty,
            JsonValue scalar => scalar.DeepClone(),
            _ => value.ToJsonString(),
        };
    }

    private static IReadOnlyList<PrinterColumn> Columns(ResourceType type)
    {
        if (type.Kind == "Event" && type.Group is "" or "events.k8s.io")
        {
            // kube-apiserver prints events without the name first and without an age.
            return EventColumns.All;
        }

        var columns = new List<PrinterColumn>
        {
            new("Name", "string", ".metadata.name", "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated.", 0, "name"),
        };
        columns.AddRange(type.PrinterColumns.Count > 0 ? type.PrinterColumns : BuiltInColumns(type));
        if (!columns.Any(c => c.Name == "Age"))
        {
            columns.Add(new PrinterColumn("Age", "date", ".metadata.creationTimestamp", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0, null));
        }

        return columns;
    }

    private static IEnumerable<PrinterColumn> BuiltInColumns(ResourceType type) => (type.Group, type.Kind) switch
    {
        ("", "Namespace") => [new("Status", "string", ".status.phase", "The phase of the namespace.", 0, null)],
        ("", "Pod") => PodColumns.All,
        ("", "Node") => NodeColumns.All,
        ("", "Service") => ServiceColumns.All,
        ("apiregistration.k8s.io", "APIService") => ApiServiceColumns.All,
        ("", "Secret") => [new("Type", "string", ".type", "The type of the secret.", 0, null)],
        ("apps", "Deployment") => [new("Available", "integer", ".status.availableReplicas", "Available replicas.", 0, null)],
        ("apps", "DaemonSet") => WorkloadColumns.DaemonSet,
        ("apps", "StatefulSet") => WorkloadColumns.StatefulSet,
        ("", "ReplicationController") => WorkloadColumns.ReplicationController,
        ("batch", "CronJob") => WorkloadColumns.CronJob,
        ("batch", "Job") => [new("Succeeded", "integer", ".status.succeeded", "Succeeded pods.", 0, null)],
        ("coordination.k8s.io", "Lease") => [new("Holder", "string", ".spec.holderIdentity", "The holder of the lease.", 0, null)],
        _ => [],
    };
}
