using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Resources;

namespace Airwave.Sandbox.Kubernetes.Rest;

/// <summary>The metadata checks every kind gets from the real server's ValidateObjectMeta.</summary>
internal static partial class ObjectValidation
{
    private const string SubdomainHelp = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    private const string LabelHelp = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    public static IReadOnlyList<StatusCause> ValidateMetadata(ResourceType type, JsonObject obj)
    {
        var causes = new List<StatusCause>();
        var name = (string?)obj["metadata"]?["name"] ?? string.Empty;
        var asLabel = type.Group.Length == 0 && type.Plural is "namespaces" or "services";
        if (type.Group == "rbac.authorization.k8s.io")
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
                }
            }
        }

        return causes;
    }

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
