using System.Text.Json;
using System.Text.Json.Serialization;

namespace Airwave.Kubernetes.Serialization;

/// <summary>
/// The official client's ahead-of-time build reads a field typed <c>object</c> (managedFields' <c>fieldsV1</c>) as a
/// <see cref="JsonElement"/>, and its own serializer has no metadata to write one back: an object read, changed and
/// replaced through its typed API (a Lease, a Secret, a ConfigMap) would fail. This gives that serializer the metadata,
/// once per process, before the first client is made.
/// </summary>
internal static partial class OfficialModelJson
{
    private static readonly Lazy<bool> s_extended = new(() =>
    {
        k8s.KubernetesJson.AddJsonOptions(options => options.TypeInfoResolverChain.Add(ElementJson.Default));
        return true;
    });

    public static void EnsureExtended() => _ = s_extended.Value;

    [JsonSerializable(typeof(JsonElement))]
    private sealed partial class ElementJson : JsonSerializerContext;
}
