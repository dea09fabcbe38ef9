using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Kubernetes.AdmissionRegistration;

/// <summary>
/// admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration. Each webhook stays JSON, so a replace writes back
/// every field it read, including ones this client does not know.
/// </summary>
public sealed record ValidatingWebhookConfiguration : KubernetesObject
{
    public IReadOnlyList<JsonObject>? Webhooks { get; init; }
}
