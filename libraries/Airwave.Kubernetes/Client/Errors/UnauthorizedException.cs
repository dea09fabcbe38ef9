using System.Net;

namespace Airwave.Kubernetes.Client.Errors;

/// <summary>401: the credentials were missing, expired or wrong.</summary>
public sealed class UnauthorizedException(ApiStatus status) : KubernetesApiException(HttpStatusCode.Unauthorized, status);
