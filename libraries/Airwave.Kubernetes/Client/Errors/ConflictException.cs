using System.Net;

namespace Airwave.Kubernetes.Client.Errors;

/// <summary>409: the object changed since it was read (stale resourceVersion) or a precondition failed.</summary>
public sealed class ConflictException(ApiStatus status) : KubernetesApiException(HttpStatusCode.Conflict, status);
