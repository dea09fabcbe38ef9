using System.Net;

namespace Airwave.Kubernetes.Client.Errors;

/// <summary>409 AlreadyExists: a create found an object of that name.</summary>
public sealed class AlreadyExistsException(ApiStatus status) : KubernetesApiException(HttpStatusCode.Conflict, status);
