using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Errors;

/// <summary>Builds metav1.Status objects with the apiserver's field order and omissions.</summary>
internal static class StatusObjects
{
    public static JsonObject Failure(int code, string reason, string message, StatusDetails? details)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
        };
        if (details is not null)
        {
            status["details"] = ToJson(details);
        }

        status["code"] = code;
        return status;
    }

    public static JsonObject Success(StatusDetails details) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Success",
        ["details"] = ToJson(details),
    };

    private static JsonObject ToJson(StatusDetails details)
    {
        var json = new JsonObject();
        if (!string.IsNullOrEmpty(details.Name))
        {
            json["name"] = details.Name;
        }

        if (!string.IsNullOrEmpty(details.Group))
        {
            json["group"] = details.Group;
        }

        if (!string.IsNullOrEmpty(details.Kind))
        {
            json["kind"] = details.Kind;
        }

        if (details.Causes is { Count: > 0 } causes)
        {
            json["causes"] = new JsonArray([.. causes.Select(c => (JsonNode)new JsonObject
            {
                ["reason"] = c.Reason,
                ["message"] = c.Message,
                ["field"] = c.Field,
            })]);
        }

        if (details.RetryAfterSeconds is { } retryAfter)
        {
            json["retryAfterSeconds"] = retryAfter;
        }

        return json;
    }
}
