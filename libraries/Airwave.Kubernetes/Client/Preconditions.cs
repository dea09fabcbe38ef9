namespace Airwave.Kubernetes.Client;

/// <summary>Makes a delete fail with 409 unless the object is still this exact one.</summary>
public sealed record Preconditions
{
    public string? Uid { get; init; }
    public string? ResourceVersion { get; init; }
}
