using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Errors;

namespace Airwave.Sandbox.Kubernetes.Aggregation;

/// <summary>What kube-aggregator checks of an APIService's spec (ValidateAPIService), in its words.</summary>
internal static class ApiServiceValidation
{
    public static IEnumerable<StatusCause> Validate(JsonObject apiService)
    {
        var spec = apiService["spec"] as JsonObject ?? [];
        if ((string?)spec["version"] is not { Length: > 0 })
        {
            yield return new StatusCause("FieldValueRequired", "Required value", "spec.version");
        }

        if ((int?)spec["groupPriorityMinimum"] is not (> 0 and <= 20000) and var group)
        {
            yield return new StatusCause("FieldValueInvalid", $"Invalid value: {group ?? 0}: must be positive and less than 20000", "spec.groupPriorityMinimum");
        }

        if ((int?)spec["versionPriority"] is not (> 0 and <= 1000) and var version)
        {
            yield return new StatusCause("FieldValueInvalid", $"Invalid value: {version ?? 0}: must be positive and less than 1000", "spec.versionPriority");
        }

        var caBundle = (string?)spec["caBundle"] is { Length: > 0 };
        var insecure = (bool?)spec["insecureSkipTLSVerify"] == true;
        if (spec["service"] is not JsonObject service)
        {
            if (caBundle)
            {
                yield return new StatusCause("FieldValueInvalid", "Invalid value: \"<byte array>\": local APIServices may not have a caBundle", "spec.caBundle");
            }

            if (insecure)
            {
                yield return new StatusCause("FieldValueInvalid", "Invalid value: true: local APIServices may not have insecureSkipTLSVerify", "spec.insecureSkipTLSVerify");
            }

            yield break;
        }

        if ((string?)service["namespace"] is not { Length: > 0 })
        {
            yield return new StatusCause("FieldValueRequired", "Required value", "spec.service.namespace");
        }

        if ((string?)service["name"] is not { Length: > 0 })
        {
            yield return new StatusCause("FieldValueRequired", "Required value", "spec.service.name");
        }

        if ((int?)service["port"] is { } port && port is < 1 or > 65535)
        {
            yield return new StatusCause("FieldValueInvalid", $"Invalid value: {port}: must be between 1 and 65535, inclusive", "spec.service.port");
        }

        if (insecure && caBundle)
        {
            yield return new StatusCause("FieldValueInvalid", "Invalid value: true: may not be true if caBundle is present", "spec.insecureSkipTLSVerify");
        }
    }
}
