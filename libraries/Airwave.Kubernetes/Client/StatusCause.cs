namespace Airwave.Kubernetes.Client;

/// <summary>One reason a request was rejected, e.g. a field that failed validation.</summary>
public sealed record StatusCause
{
    /// <summary>FieldValueRequired, FieldValueInvalid, ...</summary>
    public string? Reason { get; init; }

    public string? Message { get; init; }

    /// <summary>The field path, e.g. "spec.archive.segmentLengthSeconds".</summary>
    public string? Field { get; init; }
}
