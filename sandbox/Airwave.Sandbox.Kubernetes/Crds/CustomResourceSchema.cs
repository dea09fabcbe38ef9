using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.ApiMachinery.Patch;
using Airwave.Sandbox.Kubernetes.ApiMachinery.Schema;
using Airwave.Sandbox.Kubernetes.Errors;

namespace Airwave.Sandbox.Kubernetes.Crds;

/// <summary>
/// A CRD version's openAPIV3Schema, as the write path uses it: prune unknown fields, default, validate.
/// The one place the structural-schema machinery plugs into the server.
/// </summary>
internal sealed class CustomResourceSchema
{
    private readonly StructuralSchema _schema;

    private CustomResourceSchema(JsonObject openApiV3Schema)
    {
        OpenApiV3Schema = openApiV3Schema;
        _schema = StructuralSchema.Parse(openApiV3Schema);
        ListTypes = ListTypes.FromSchema(openApiV3Schema);
    }

    /// <summary>The schema as the CRD declares it, published in the OpenAPI document.</summary>
    public JsonObject OpenApiV3Schema { get; }

    public ListTypes ListTypes { get; }

    public static CustomResourceSchema Parse(JsonObject openApiV3Schema) => new((JsonObject)openApiV3Schema.DeepClone());

    /// <summary>Removes fields the schema does not know (apiVersion, kind and metadata always stay) and returns their paths.</summary>
    public IReadOnlyList<string> Prune(JsonObject obj) => _schema.Prune(obj);

    public void ApplyDefaults(JsonObject obj) => _schema.ApplyDefaults(obj);

    public IReadOnlyList<StatusCause> Validate(JsonObject obj) =>
        [.. _schema.Validate(obj).Select(e => new StatusCause(e.Reason, WithoutFieldPrefix(e.Message, e.Field), e.Field))];

    private static string WithoutFieldPrefix(string message, string field) =>
        message.StartsWith(field + ": ", StringComparison.Ordinal) ? message[(field.Length + 2)..] : message;
}
