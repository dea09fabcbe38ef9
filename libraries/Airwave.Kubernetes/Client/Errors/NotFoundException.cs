using System.Net;

namespace Airwave.Kubernetes.Client.Errors;

/// <summary>404: the object (or its namespace) does not exist.</summary>
public sealed class NotFoundException(ApiStatus status) : KubernetesApiException(HttpStatusCode.NotFound, status);
