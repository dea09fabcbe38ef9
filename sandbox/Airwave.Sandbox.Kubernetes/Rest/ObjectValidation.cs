using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Resources;

namespace Airwave.Sandbox.Kubernetes.Rest;

/// <summary>The metadata checks every kind gets from the real server's ValidateObjectMeta.</summary>
internal static partial class ObjectValidation
{
    private const int MaxObjectBytes = 1536 * 1024;
    private const string SubdomainHelp = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    private const string LabelHelp = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    public static IReadOnlyList<StatusCause> ValidateMetadata(ResourceType type, JsonObject obj)
    {
        var causes = new List<StatusCause>();
        var name = (string?)obj["metadata"]?["name"] ?? string.Empty;
        var asLabel = type.Group.Length == 0 && type.Plural is "namespaces" or "services";
        if (type == BuiltInResources.ApiServices)
        {
            // An APIService is named for what it serves, the core group's "v1." included (kube-aggregator's ValidateAPIService).
            if (name != $"{(string?)obj["spec"]?["version"]}.{(string?)obj["spec"]?["group"]}")
            {
                causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: \"{name}\": must be `spec.version+\".\"+spec.group`", "metadata.name"));
            }
        }
        else if (type.Group == "rbac.authorization.k8s.io")
        {
            // RBAC names are path segments ("system:discovery"), as ValidateRBACName has them.
            causes.AddRange(PathSegmentProblems(name).Select(problem => new StatusCause("FieldValueInvalid", $"Invalid value: \"{name}\": {problem}", "metadata.name")));
        }
        else if (asLabel ? !(name.Length <= 63 && Label().IsMatch(name)) : !(name.Length <= 253 && Subdomain().IsMatch(name)))
        {
            causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: \"{name}\": {(asLabel ? LabelHelp : SubdomainHelp)}", "metadata.name"));
        }

        if (obj["metadata"]?["labels"] is JsonObject labels)
        {
            foreach (var (key, value) in labels)
            {
                if (value is not JsonValue || value.GetValueKind() != System.Text.Json.JsonValueKind.String)
                {
                    causes.Add(new StatusCause("FieldValueTypeInvalid", "Invalid value: label values must be strings", $"metadata.labels.{key}"));
                    continue;
                }

                causes.AddRange(QualifiedNameProblems(key).Select(problem => new StatusCause("FieldValueInvalid", $"Invalid value: \"{key}\": {problem}", "metadata.labels")));
                causes.AddRange(LabelValueProblems((string)value!).Select(problem => new StatusCause("FieldValueInvalid", $"Invalid value: \"{value}\": {problem}", "metadata.labels")));
            }
        }

        // ValidateAnnotations: keys and values together at most 256 KiB.
        const int MaxAnnotationBytes = 256 * 1024;
        if (obj["metadata"]?["annotations"] is JsonObject annotations
            && annotations.Sum(a => (long)a.Key.Length + System.Text.Encoding.UTF8.GetByteCount(a.Value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? (string)v! : a.Value?.ToJsonString() ?? "")) > MaxAnnotationBytes)
        {
            causes.Add(new StatusCause("FieldValueTooLong", $"Too long: must have at most {MaxAnnotationBytes} bytes", "metadata.annotations"));
        }

        return causes;
    }

    /// <summary>
    /// The string maps of the built-in kinds as Go's JSON decoder reads them: a field of the wrong JSON type is a
    /// 400 BadRequest naming the field, as kube-apiserver answers before anything else looks at the object.
    /// </summary>
    public static void CheckDecodable(ResourceType type, JsonObject obj)
    {
        var maps = new List<(string Path, string GoField, JsonNode? Node)>
        {
            ("metadata.labels", "ObjectMeta.metadata.labels", obj["metadata"]?["labels"]),
            ("metadata.annotations", "ObjectMeta.metadata.annotations", obj["metadata"]?["annotations"]),
        };
        if (type.Group.Length == 0 && type.Plural is "configmaps" or "secrets")
        {
            foreach (var field in type.Plural == "configmaps" ? new[] { "data", "binaryData" } : ["data", "stringData"])
            {
                maps.Add((field, $"{type.Kind}.{field}", obj[field]));
            }
        }

        foreach (var (path, goField, node) in maps)
        {
            var problem = node switch
            {
                null => null,
                JsonObject map => map.Where(entry => entry.Value is not null && entry.Value.GetValueKind() != System.Text.Json.JsonValueKind.String)
                    .Select(entry => $"cannot unmarshal {GoKind(entry.Value!)} into Go struct field {goField} of type string").FirstOrDefault(),
                _ => $"cannot unmarshal {GoKind(node)} into Go struct field {goField} of type map[string]string",
            };
            if (problem is not null)
            {
                throw ApiErrors.BadRequest($"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: json: {problem}");
            }
        }
    }

    private static string GoKind(JsonNode node) => node.GetValueKind() switch
    {
        System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "bool",
        System.Text.Json.JsonValueKind.Number => "number",
        System.Text.Json.JsonValueKind.String => "string",
        System.Text.Json.JsonValueKind.Array => "array",
        _ => "object",
    };

    /// <summary>
    /// What etcd holds per object (its request limit, 1.5 MiB): a larger object is refused as kube-apiserver refuses it,
    /// and ConfigMaps and Secrets hold at most 1 MiB of data, as their validation says.
    /// </summary>
    public static void ValidateSize(ResourceType type, JsonObject obj, string name)
    {
        const int MaxDataBytes = 1024 * 1024;
        if (type.Group.Length == 0 && type.Plural is "configmaps" or "secrets")
        {
            var bytes = 0L;
            foreach (var field in new[] { "data", "binaryData", "stringData" })
            {
                foreach (var (key, value) in obj[field] as JsonObject ?? new JsonObject())
                {
                    var text = (string?)value ?? "";
                    bytes += key.Length + (field == "stringData" || type.Plural == "configmaps" && field == "data" ? System.Text.Encoding.UTF8.GetByteCount(text) : text.Length * 3 / 4);
                }
            }

            if (bytes > MaxDataBytes)
            {
                var field = type.Plural == "secrets" ? "data" : "";
                throw ApiErrors.Invalid(type, name, [new StatusCause("FieldValueTooLong", $"Too long: must have at most {MaxDataBytes} bytes", field)]);
            }
        }

        if (System.Text.Encoding.UTF8.GetByteCount(obj.ToJsonString()) > MaxObjectBytes)
        {
            throw new ApiException(413, "RequestEntityTooLarge", "etcdserver: request is too large");
        }
    }

    // apimachinery's IsQualifiedName: an optional DNS subdomain prefix and "/", then a name of at most 63 characters.
    private static IEnumerable<string> QualifiedNameProblems(string key)
    {
        var slash = key.LastIndexOf('/');
        var prefix = slash < 0 ? null : key[..slash];
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (prefix is not null && (prefix.Length == 0 || prefix.Length > 253 || !Subdomain().IsMatch(prefix)))
        {
            yield return prefix.Length > 253 ? "prefix part must be no more than 253 characters" : "prefix part " + SubdomainHelp;
        }

        if (name.Length == 0)
        {
            yield return "name part must be non-empty";
        }
        else if (name.Length > 63)
        {
            yield return "name part must be no more than 63 characters";
        }
        else if (!QualifiedName().IsMatch(name))
        {
            yield return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
        }
    }

    private static IEnumerable<string> LabelValueProblems(string value)
    {
        if (value.Length > 63)
        {
            yield return "must be no more than 63 characters";
        }

        if (!LabelValue().IsMatch(value))
        {
            yield return "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
        }
    }

    [GeneratedRegex("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")]
    private static partial Regex QualifiedName();

    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();

    private static IEnumerable<string> PathSegmentProblems(string name)
    {
        if (name is "." or "..")
        {
            yield return $"may not be '{name}'";
        }

        if (name.Contains('/', StringComparison.Ordinal))
        {
            yield return "may not contain '/'";
        }

        if (name.Contains('%', StringComparison.Ordinal))
        {
            yield return "may not contain '%'";
        }
    }

    [GeneratedRegex(DnsNames.Subdomain)]
    private static partial Regex Subdomain();

    [GeneratedRegex(DnsNames.Label)]
    private static partial Regex Label();
}
