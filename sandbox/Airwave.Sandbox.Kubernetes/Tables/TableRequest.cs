using Airwave.Sandbox.Kubernetes.Errors;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Kubernetes.Tables;

/// <summary>What each Table row carries besides its cells (the `includeObject` query parameter).</summary>
internal enum IncludeObject
{
    None,
    Metadata,
    Object,
}

/// <summary>
/// A request for server-side printing: `Accept: ...;as=Table` and its `includeObject` policy. kubectl asks for
/// whole objects when it sorts (`--sort-by`) and for metadata otherwise.
/// </summary>
internal sealed record TableRequest(IncludeObject Include)
{
    public static TableRequest? From(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        if (!accept.Contains("as=Table", StringComparison.Ordinal))
        {
            return null;
        }

        var value = request.Query["includeObject"].ToString();
        return value switch
        {
            "" or "Metadata" => new TableRequest(IncludeObject.Metadata),
            "None" => new TableRequest(IncludeObject.None),
            "Object" => new TableRequest(IncludeObject.Object),
            _ => throw ApiErrors.BadRequest($"Invalid table options: [includeObject: Unsupported value: \"{value}\": supported values: \"Metadata\", \"None\", \"Object\"]"),
        };
    }
}
