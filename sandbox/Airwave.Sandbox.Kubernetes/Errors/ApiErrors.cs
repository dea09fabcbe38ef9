using Airwave.Sandbox.Kubernetes.Authorization;
using Airwave.Sandbox.Kubernetes.Resources;

namespace Airwave.Sandbox.Kubernetes.Errors;

/// <summary>The errors of k8s.io/apimachinery/pkg/api/errors, worded as the apiserver words them.</summary>
internal static class ApiErrors
{
    public static ApiException NotFound(ResourceType type, string name) =>
        new(404, "NotFound", $"{type.QualifiedResource} \"{name}\" not found", new StatusDetails(name, type.Group, type.Plural));

    public static ApiException NotFound(string message) => new(404, "NotFound", message);

    public static ApiException NamespaceNotFound(string ns) =>
        new(404, "NotFound", $"namespaces \"{ns}\" not found", new StatusDetails(ns, null, "namespaces"));

    public static ApiException AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{type.QualifiedResource} \"{name}\" already exists", new StatusDetails(name, type.Group, type.Plural));

    public static ApiException Conflict(ResourceType type, string name) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {type.QualifiedResource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again", new StatusDetails(name, type.Group, type.Plural));

    public static ApiException ApplyConflict(ResourceType type, string name, string message, IReadOnlyList<StatusCause> causes) =>
        new(409, "Conflict", message, new StatusDetails(name, type.Group, type.Plural, causes));

    public static ApiException Invalid(ResourceType type, string name, IReadOnlyList<StatusCause> causes)
    {
        var qualifiedKind = string.IsNullOrEmpty(type.Group) ? type.Kind : $"{type.Kind}.{type.Group}";
        var messages = causes.Select(c => string.IsNullOrEmpty(c.Field) ? c.Message : $"{c.Field}: {c.Message}").ToList();
        var joined = messages.Count == 1 ? messages[0] : $"[{string.Join(", ", messages)}]";
        return new ApiException(422, "Invalid", $"{qualifiedKind} \"{name}\" is invalid: {joined}", new StatusDetails(name, type.Group, type.Kind, causes));
    }

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException MethodNotSupported(ResourceType type, string verb) =>
        new(405, "MethodNotAllowed", $"{verb} is not supported on resources of kind \"{type.QualifiedResource}\"", new StatusDetails(null, type.Group, type.Plural));

    public static ApiException UnsupportedMediaType(string contentType) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml (got {contentType})");

    public static ApiException Unauthorized() => new(401, "Unauthorized", "Unauthorized");

    public static ApiException Expired(string message) => new(410, "Expired", message);

    public static ApiException Forbidden(ResourceType type, string name, string why) =>
        new(403, "Forbidden", $"{type.QualifiedResource} \"{name}\" is forbidden: {why}", new StatusDetails(name, type.Group, type.Plural));

    /// <summary>An authorizer's denial, worded as the apiserver's forbidden filter words it.</summary>
    public static ApiException Forbidden(RequestAttributes request, string reason)
    {
        var user = request.User.Name;
        var why = !request.IsResourceRequest ? $"User \"{user}\" cannot {request.Verb} path \"{request.Path}\""
            : request.Namespace.Length > 0 ? $"User \"{user}\" cannot {request.Verb} resource \"{request.CombinedResource}\" in API group \"{request.ApiGroup}\" in the namespace \"{request.Namespace}\""
            : $"User \"{user}\" cannot {request.Verb} resource \"{request.CombinedResource}\" in API group \"{request.ApiGroup}\" at the cluster scope";
        if (reason.Length > 0)
        {
            why = $"{why}: {reason}";
        }

        var qualified = request.Resource.Length == 0 ? string.Empty : request.ApiGroup.Length == 0 ? request.Resource : $"{request.Resource}.{request.ApiGroup}";
        var message = qualified.Length == 0 ? $"forbidden: {why}"
            : request.Name.Length == 0 ? $"{qualified} is forbidden: {why}"
            : $"{qualified} \"{request.Name}\" is forbidden: {why}";
        return new ApiException(403, "Forbidden", message, new StatusDetails(request.Name, request.ApiGroup, request.Resource));
    }

    public static ApiException Injected(int code, int? retryAfterSeconds) => code switch
    {
        429 => new ApiException(429, "TooManyRequests", "the server has received too many requests and has asked us to try again later", new StatusDetails(null, null, null, null, retryAfterSeconds)),
        500 => new ApiException(500, "InternalError", "Internal error occurred: injected fault"),
        503 => new ApiException(503, "ServiceUnavailable", "the server is currently unable to handle the request", new StatusDetails(null, null, null, null, retryAfterSeconds)),
        504 => new ApiException(504, "Timeout", "the server was unable to return a response in the time allotted, but may still be processing the request"),
        409 => new ApiException(409, "Conflict", "the object has been modified; please apply your changes to the latest version and try again"),
        _ => new ApiException(code, "Unknown", $"injected fault with status {code}"),
    };
}
