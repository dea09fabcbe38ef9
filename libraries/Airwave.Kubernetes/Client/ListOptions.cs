namespace Airwave.Kubernetes.Client;

public sealed record ListOptions
{
    public string? LabelSelector { get; init; }
    public string? FieldSelector { get; init; }

    /// <summary>Page size; the server returns metadata.continue when more items remain.</summary>
    public int? Limit { get; init; }

    public string? Continue { get; init; }
    public string? ResourceVersion { get; init; }
}
