using System.Net;

namespace Airwave.Kubernetes.Client.Errors;

/// <summary>429 after the client ran out of retries.</summary>
public sealed class TooManyRequestsException(ApiStatus status) : KubernetesApiException(HttpStatusCode.TooManyRequests, status);
