namespace Airwave.Kubernetes.Client;

public sealed record DeleteOptions
{
    public string Kind { get; init; } = "DeleteOptions";
    public string ApiVersion { get; init; } = "v1";

    /// <summary>Orphan, Background or Foreground.</summary>
    public string? PropagationPolicy { get; init; }

    public long? GracePeriodSeconds { get; init; }
    public Preconditions? Preconditions { get; init; }
}
