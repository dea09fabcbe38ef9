namespace Airwave.Kubernetes.Client;

/// <summary>metav1.Status: what the API server answers instead of an object when a request fails.</summary>
public sealed record ApiStatus
{
    public string? Kind { get; init; }
    public string? ApiVersion { get; init; }

    /// <summary>"Success" or "Failure".</summary>
    public string? Status { get; init; }

    public string? Message { get; init; }

    /// <summary>A machine-readable reason: NotFound, AlreadyExists, Conflict, Invalid, Expired, TooManyRequests...</summary>
    public string? Reason { get; init; }

    public StatusDetails? Details { get; init; }
    public int Code { get; init; }
}
