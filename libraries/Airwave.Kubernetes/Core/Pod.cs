using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Kubernetes.Core;

/// <summary>core/v1 Pod, read only: what a controller reports about the pods of its workload.</summary>
public sealed record Pod : KubernetesObject
{
    public PodStatus? Status { get; init; }

    /// <summary>Whether the kubelet reports the pod Ready (every container ready), and it is not being deleted.</summary>
    public bool IsReady =>
        Metadata.DeletionTimestamp is null
        && Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
}

public sealed record PodStatus
{
    public string? PodIP { get; init; }

    public IReadOnlyList<PodCondition>? Conditions { get; init; }

    public IReadOnlyList<ContainerStatus>? ContainerStatuses { get; init; }
}

/// <summary>One container of the pod as the kubelet reports it: its current state, and how its last run ended.</summary>
public sealed record ContainerStatus
{
    public required string Name { get; init; }

    public bool Ready { get; init; }

    public int RestartCount { get; init; }

    public ContainerState? State { get; init; }

    public ContainerState? LastState { get; init; }
}

/// <summary>At most one of the three is set.</summary>
public sealed record ContainerState
{
    public ContainerStateWaiting? Waiting { get; init; }

    public ContainerStateRunning? Running { get; init; }

    public ContainerStateTerminated? Terminated { get; init; }
}

public sealed record ContainerStateWaiting
{
    /// <summary>Such as ContainerCreating, CrashLoopBackOff, ImagePullBackOff.</summary>
    public string? Reason { get; init; }

    public string? Message { get; init; }
}

public sealed record ContainerStateRunning
{
    public DateTimeOffset? StartedAt { get; init; }
}

public sealed record ContainerStateTerminated
{
    public int ExitCode { get; init; }

    public string? Reason { get; init; }

    /// <summary>The termination message: the container's own, or with FallbackToLogsOnError its last log lines after a failure.</summary>
    public string? Message { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }
}

public sealed record PodCondition
{
    public required string Type { get; init; }

    public required string Status { get; init; }
}
