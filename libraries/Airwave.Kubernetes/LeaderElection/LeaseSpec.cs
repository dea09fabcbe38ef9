using System.Text.Json.Serialization;
using Airwave.Kubernetes.Serialization;

namespace Airwave.Kubernetes.LeaderElection;

public sealed record LeaseSpec
{
    public string? HolderIdentity { get; init; }
    public int? LeaseDurationSeconds { get; init; }

    [JsonConverter(typeof(KubernetesMicroTimeConverter))]
    public DateTimeOffset? AcquireTime { get; init; }

    [JsonConverter(typeof(KubernetesMicroTimeConverter))]
    public DateTimeOffset? RenewTime { get; init; }

    public int? LeaseTransitions { get; init; }
}
