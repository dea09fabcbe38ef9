using System.Net;

namespace Airwave.Kubernetes.Client.Errors;

/// <summary>403: the credentials may not do this.</summary>
public sealed class ForbiddenException(ApiStatus status) : KubernetesApiException(HttpStatusCode.Forbidden, status);
