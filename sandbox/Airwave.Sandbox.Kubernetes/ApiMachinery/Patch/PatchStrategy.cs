using System.Collections.Frozen;

namespace Airwave.Sandbox.Kubernetes.ApiMachinery.Patch;

/// <summary>
/// The strategic-merge metadata (the patchStrategy / patchMergeKey struct tags of k8s.io/api) of the built-in
/// kinds the sandbox serves: which lists merge instead of being replaced, and by which key.
/// A list merged by key matches patch items to live items on that field; a merged list of primitives
/// behaves as a set. Every other list is replaced whole, and maps always merge.
/// Paths are field names joined by dots, with list items transparent ("spec.containers.ports").
/// </summary>
public sealed class PatchStrategy
{
    private static readonly FrozenDictionary<(string Group, string Kind), PatchStrategy> BuiltIn = CreateBuiltIn();

    private readonly FrozenDictionary<string, string?> mergeLists;

    private PatchStrategy(IEnumerable<KeyValuePair<string, string?>> mergeLists)
    {
        this.mergeLists = mergeLists.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>
    /// The strategy of a built-in kind. Kinds this table does not know (custom resources among them) get only the
    /// object metadata's merge lists, so they otherwise patch like a JSON merge patch.
    /// </summary>
    public static PatchStrategy For(string group, string kind) =>
        BuiltIn.TryGetValue((group, kind), out var strategy) ? strategy : ObjectMetaOnly;

    private static PatchStrategy ObjectMetaOnly { get; } = new(ObjectMeta("metadata"));

    /// <summary>Every merged list: its path and its merge key (null for a set of primitives).</summary>
    internal IEnumerable<KeyValuePair<string, string?>> MergeLists => mergeLists;

    /// <summary>Whether the list at <paramref name="path"/> merges, and by which key (null for primitives).</summary>
    internal bool TryGetMergeList(string path, out string? mergeKey) => mergeLists.TryGetValue(path, out mergeKey);

    private static FrozenDictionary<(string Group, string Kind), PatchStrategy> CreateBuiltIn()
    {
        var conditions = new Dictionary<string, string?> { ["status.conditions"] = "type" };
        var none = Array.Empty<KeyValuePair<string, string?>>();
        var workload = PodSpec("spec.template.spec").Concat(ObjectMeta("spec.template.metadata")).Concat(conditions).ToArray();
        var webhooks = new Dictionary<string, string?> { ["webhooks"] = "name" };

        var kinds = new Dictionary<(string, string), IEnumerable<KeyValuePair<string, string?>>>
        {
            [("", "Pod")] = PodSpec("spec").Concat(conditions).Append(new("status.podIPs", "ip")).Append(new("status.hostIPs", "ip")),
            [("apps", "Deployment")] = workload,
            [("apps", "ReplicaSet")] = workload,
            [("apps", "DaemonSet")] = workload,
            [("apps", "StatefulSet")] = workload,
            [("", "ReplicationController")] = workload,
            [("batch", "Job")] = workload,
            [("batch", "CronJob")] = PodSpec("spec.jobTemplate.spec.template.spec").Concat(ObjectMeta("spec.jobTemplate.spec.template.metadata")).ToArray(),
            [("", "Service")] = new Dictionary<string, string?> { ["spec.ports"] = "port" }.Concat(conditions),
            [("", "ServiceAccount")] = new Dictionary<string, string?> { ["secrets"] = "name" },
            [("", "Namespace")] = conditions,
            [("", "ConfigMap")] = none,
            [("", "Secret")] = none,
            [("", "Event")] = none,
            [("events.k8s.io", "Event")] = none,
            [("coordination.k8s.io", "Lease")] = none,
            [("apiextensions.k8s.io", "CustomResourceDefinition")] = none,
            [("admissionregistration.k8s.io", "ValidatingWebhookConfiguration")] = webhooks,
            [("admissionregistration.k8s.io", "MutatingWebhookConfiguration")] = webhooks,
        };

        return kinds.ToFrozenDictionary(
            entry => entry.Key,
            entry => new PatchStrategy(entry.Value.Concat(ObjectMeta("metadata"))));
    }

    private static IEnumerable<KeyValuePair<string, string?>> ObjectMeta(string prefix) =>
    [
        new($"{prefix}.finalizers", null),
        new($"{prefix}.ownerReferences", "uid"),
    ];

    private static IEnumerable<KeyValuePair<string, string?>> PodSpec(string prefix)
    {
        var lists = new Dictionary<string, string?>
        {
            ["volumes"] = "name",
            ["imagePullSecrets"] = "name",
            ["hostAliases"] = "ip",
            ["topologySpreadConstraints"] = "topologyKey",
            ["resourceClaims"] = "name",
            ["schedulingGates"] = "name",
        };
        foreach (var containers in new[] { "containers", "initContainers", "ephemeralContainers" })
        {
            lists[containers] = "name";
            lists[$"{containers}.ports"] = "containerPort";
            lists[$"{containers}.env"] = "name";
            lists[$"{containers}.volumeMounts"] = "mountPath";
            lists[$"{containers}.volumeDevices"] = "devicePath";
        }

        return lists.Select(list => new KeyValuePair<string, string?>($"{prefix}.{list.Key}", list.Value));
    }
}
