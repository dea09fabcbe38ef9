using System.Text.Json.Serialization;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.AdmissionRegistration;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Core;
using Airwave.Kubernetes.LeaderElection;
using Airwave.Kubernetes.Rbac;

namespace Airwave.Kubernetes.Serialization;

/// <summary>
/// Source-generated serialization for the types this library owns: the kinds it reads (each with its list, which an
/// informer reads) and the API server's answers.
/// </summary>
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
[JsonSerializable(typeof(ResourceList<WatchedLease>))]
[JsonSerializable(typeof(PartialObjectMetadata))]
[JsonSerializable(typeof(ResourceList<PartialObjectMetadata>))]
[JsonSerializable(typeof(Namespace))]
[JsonSerializable(typeof(ResourceList<Namespace>))]
[JsonSerializable(typeof(RoleBinding))]
[JsonSerializable(typeof(ResourceList<RoleBinding>))]
[JsonSerializable(typeof(ValidatingWebhookConfiguration))]
[JsonSerializable(typeof(ResourceList<ValidatingWebhookConfiguration>))]
public sealed partial class KubernetesJsonContext : JsonSerializerContext;
