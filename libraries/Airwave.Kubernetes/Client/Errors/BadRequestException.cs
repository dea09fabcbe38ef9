using System.Net;

namespace Airwave.Kubernetes.Client.Errors;

/// <summary>400: the request itself is malformed.</summary>
public sealed class BadRequestException(ApiStatus status) : KubernetesApiException(HttpStatusCode.BadRequest, status);
