using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Kubernetes.Batch;

/// <summary>
/// batch/v1 Job, the fields an operator that runs one-off work sets and reads. The pod template stays JSON: the
/// operator writes it whole and never reads it back.
/// </summary>
public sealed record Job : KubernetesObject
{
    public JobSpec? Spec { get; init; }

    public JobStatus? Status { get; init; }

    /// <summary>The finished condition (Complete or Failed) that is True, if any; read from status, never sent.</summary>
    [JsonIgnore]
    public JobCondition? Finished =>
        Status?.Conditions?.FirstOrDefault(c => c.Type is JobCondition.Complete or JobCondition.Failed && c.Status == "True");
}

public sealed record JobSpec
{
    public int? BackoffLimit { get; init; }

    public long? ActiveDeadlineSeconds { get; init; }

    public int? TtlSecondsAfterFinished { get; init; }

    public required JsonObject Template { get; init; }
}

public sealed record JobStatus
{
    public int? Active { get; init; }

    public int? Succeeded { get; init; }

    public int? Failed { get; init; }

    public DateTimeOffset? StartTime { get; init; }

    public DateTimeOffset? CompletionTime { get; init; }

    public IReadOnlyList<JobCondition>? Conditions { get; init; }
}

public sealed record JobCondition
{
    public const string Complete = "Complete";
    public const string Failed = "Failed";

    public required string Type { get; init; }

    public required string Status { get; init; }

    public string? Reason { get; init; }

    public string? Message { get; init; }
}
