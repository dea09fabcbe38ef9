namespace Airwave.Kubernetes.ApiMachinery.Meta;

public sealed record ListMeta
{
    public string? ResourceVersion { get; init; }

    /// <summary>Set when the server paged the list; pass it back to get the next page.</summary>
    public string? Continue { get; init; }

    public long? RemainingItemCount { get; init; }
}
