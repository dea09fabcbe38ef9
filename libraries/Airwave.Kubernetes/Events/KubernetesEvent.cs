using System.Text.Json.Serialization;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Serialization;

namespace Airwave.Kubernetes.Events;

/// <summary>events.k8s.io/v1 Event: something that happened to an object, for humans reading kubectl describe.</summary>
public sealed record KubernetesEvent : KubernetesObject
{
    [JsonConverter(typeof(KubernetesMicroTimeConverter))]
    public DateTimeOffset EventTime { get; init; }

    /// <summary>Set once the same event repeats: how often and when last.</summary>
    public EventSeries? Series { get; init; }

    public string? ReportingController { get; init; }
    public string? ReportingInstance { get; init; }
    public string? Action { get; init; }
    public string? Reason { get; init; }
    public ObjectReference? Regarding { get; init; }
    public string? Note { get; init; }

    /// <summary>Normal or Warning.</summary>
    public string? Type { get; init; }
}
