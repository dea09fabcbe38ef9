using System.Net;

namespace Airwave.Kubernetes.Client.Errors;

/// <summary>422: the object failed validation; Status.Details.Causes names the fields.</summary>
public sealed class InvalidException(ApiStatus status) : KubernetesApiException(HttpStatusCode.UnprocessableEntity, status);
