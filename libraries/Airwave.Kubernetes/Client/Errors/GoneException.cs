using System.Net;

namespace Airwave.Kubernetes.Client.Errors;

/// <summary>410 Expired: the requested resourceVersion is older than the server keeps; list again.</summary>
public sealed class GoneException(HttpStatusCode statusCode, ApiStatus status) : KubernetesApiException(statusCode, status);
