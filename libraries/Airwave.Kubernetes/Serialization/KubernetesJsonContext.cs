using System.Text.Json.Serialization;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.LeaderElection;

namespace Airwave.Kubernetes.Serialization;

/// <summary>Source-generated serialization for the types this library owns.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    Converters = [typeof(KubernetesTimeConverter)])]
[JsonSerializable(typeof(ApiStatus))]
[JsonSerializable(typeof(DeleteOptions))]
[JsonSerializable(typeof(ObjectMeta))]
[JsonSerializable(typeof(Condition))]
[JsonSerializable(typeof(WatchedLease))]
public sealed partial class KubernetesJsonContext : JsonSerializerContext;
