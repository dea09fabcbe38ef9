using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Airwave.Api.LiveStreams;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Core;
using Airwave.Kubernetes.Ownership;
using k8s.Models;

namespace Airwave.Operator.Kubernetes;

/// <summary>
/// The objects Airwave runs pods with (a stream's SFU pods and meeting connector, the NetworkPolicy of a split's clip
/// Jobs) as server-side apply takes them: every field the operator owns and nothing else, controlled by the stream or
/// split so they go when it goes, and carrying a hash of what was applied, so that an unchanged object is not written
/// again.
/// </summary>
public static class AppliedObject
{
    /// <summary>On each object, a hash of what was last applied.</summary>
    public const string HashAnnotation = "media.airwave.dev/applied-hash";

    /// <summary>Selects a stream's pods: by its uid, which names cannot collide on and a re-created stream does not share.</summary>
    public const string StreamUidLabel = "media.airwave.dev/livestream-uid";

    /// <summary>The selector of the stream's pods of one workload (<paramref name="component"/>: sfu, connector).</summary>
    public static IReadOnlyDictionary<string, string> Selector(LiveStream stream, string component)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["app.kubernetes.io/component"] = component,
            [StreamUidLabel] = stream.Metadata.Uid!,
        };
    }

    /// <summary>The labels of the workload's objects and pods: its selector, and what it is and whose.</summary>
    public static IReadOnlyDictionary<string, string> Labels(LiveStream stream, string component, string app) =>
        new Dictionary<string, string>(Selector(stream, component), StringComparer.Ordinal)
        {
            ["app.kubernetes.io/name"] = app,
            ["app.kubernetes.io/managed-by"] = "airwave",
            ["media.airwave.dev/livestream"] = DnsNames.LabelValue(stream.Metadata.Name!),
        };

    /// <summary>The object named <paramref name="name"/>, of <paramref name="spec"/>, controlled by the stream.</summary>
    public static JsonObject For(LiveStream stream, string name, IReadOnlyDictionary<string, string> labels, string apiVersion, string kind, JsonObject spec) =>
        For(AirwaveResources.LiveStreams, stream, name, labels, apiVersion, kind, spec);

    /// <summary>The object named <paramref name="name"/>, of <paramref name="spec"/>, controlled by <paramref name="controller"/>.</summary>
    public static JsonObject For(ResourceType controllerType, KubernetesObject controller, string name, IReadOnlyDictionary<string, string> labels, string apiVersion, string kind, JsonObject spec)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(spec);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(spec.ToJsonString())))[..16];
        var owner = OwnerReferences.ControllerReference(controllerType, controller);
        return new JsonObject
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = kind,
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = controller.Metadata.Namespace,
                ["labels"] = Json(labels),
                ["annotations"] = new JsonObject { [HashAnnotation] = hash },
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = owner.ApiVersion,
                    ["kind"] = owner.Kind,
                    ["name"] = owner.Name,
                    ["uid"] = owner.Uid,
                    ["controller"] = true,
                    ["blockOwnerDeletion"] = true,
                }),
            },
            ["spec"] = spec,
        };
    }

    /// <summary>The hash <see cref="HashAnnotation"/> holds for an object built by <see cref="For"/>.</summary>
    public static string HashOf(JsonObject applied)
    {
        ArgumentNullException.ThrowIfNull(applied);
        return (string)applied["metadata"]!["annotations"]![HashAnnotation]!;
    }

    /// <summary>Whether <paramref name="existing"/> carries the hash of <paramref name="wanted"/>: applying it would change nothing.</summary>
    public static bool IsApplied(IMetadata<V1ObjectMeta>? existing, JsonObject wanted)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        return existing?.Metadata?.Annotations is { } annotations && annotations.TryGetValue(HashAnnotation, out var hash) && hash == HashOf(wanted);
    }

    /// <summary>Applies <paramref name="wanted"/> unless <paramref name="existing"/> already carries its hash; true when that made the object.</summary>
    /// <remarks>
    /// What the operator applies stays JSON: server-side apply takes only the fields their manager owns, and the
    /// official client has no apply configurations (a typed object would send its defaults as owned fields).
    /// </remarks>
    public static async Task<bool> ApplyAsync(KubernetesClient client, ResourceType type, IMetadata<V1ObjectMeta>? existing, JsonObject wanted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (IsApplied(existing, wanted))
        {
            return false;
        }

        var metadata = wanted["metadata"]!;
        await client.PatchAsync<PartialObjectMetadata>(type, (string?)metadata["namespace"], (string)metadata["name"]!, KubernetesPatch.Apply(wanted, AirwaveResources.ControllerName, force: true), cancellationToken);
        return existing is null;
    }

    /// <summary>
    /// The pod template of a stream's workload, locked down alike: its one container runs as a non-root user with no
    /// privileges and a read-only root file system, writing only to /tmp (an emptyDir); no service-account token, no
    /// service links.
    /// </summary>
    public static JsonObject PodTemplate(IReadOnlyDictionary<string, string> labels, JsonObject annotations, JsonObject container)
    {
        ArgumentNullException.ThrowIfNull(container);
        container["securityContext"] = PodSecurity.Container();
        container["volumeMounts"] = new JsonArray(new JsonObject { ["name"] = "tmp", ["mountPath"] = "/tmp" });
        return new JsonObject
        {
            ["metadata"] = new JsonObject { ["labels"] = Json(labels), ["annotations"] = annotations },
            ["spec"] = new JsonObject
            {
                ["automountServiceAccountToken"] = false,
                ["enableServiceLinks"] = false,
                ["securityContext"] = PodSecurity.Pod(),
                ["containers"] = new JsonArray(container),
                ["volumes"] = new JsonArray(new JsonObject { ["name"] = "tmp", ["emptyDir"] = new JsonObject() }),
            },
        };
    }

    /// <summary>Labels or a selector as JSON, in a stable order (the hash depends on it).</summary>
    public static JsonObject Json(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new(values.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
    }

    /// <summary>A container's environment variable of a value.</summary>
    public static JsonObject Env(string name, string value) => new() { ["name"] = name, ["value"] = value };

    public static JsonObject Env(string name, int value) => Env(name, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>A container's environment variable read from a key of a Secret.</summary>
    public static JsonObject SecretEnv(string name, string secret, string key) =>
        new() { ["name"] = name, ["valueFrom"] = new JsonObject { ["secretKeyRef"] = new JsonObject { ["name"] = secret, ["key"] = key } } };

    /// <summary>A container's environment variable read from its pod (the downward API), such as status.podIP.</summary>
    public static JsonObject FieldEnv(string name, string fieldPath) =>
        new() { ["name"] = name, ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["fieldPath"] = fieldPath } } };
}
