using System.Net;

namespace Airwave.Kubernetes.Client.Errors;

/// <summary>5xx: the server failed; the request may succeed when retried.</summary>
public sealed class ServerErrorException(HttpStatusCode statusCode, ApiStatus status) : KubernetesApiException(statusCode, status);
