using System.Text.Json.Serialization;
using Airwave.Kubernetes.Serialization;

namespace Airwave.Kubernetes.Events;

public sealed record EventSeries
{
    public int Count { get; init; }

    [JsonConverter(typeof(KubernetesMicroTimeConverter))]
    public DateTimeOffset LastObservedTime { get; init; }
}
