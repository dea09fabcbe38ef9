using System.Text.Json.Serialization.Metadata;
using Airwave.Configuration;

namespace Airwave.Operator.NamespaceAccess;

/// <summary>
/// Which grant the namespace-access controller hands out: a RoleBinding named <see cref="BindingName"/> of the
/// ClusterRole <see cref="ClusterRole"/> to the operator's ServiceAccount, in each namespace that holds a
/// LiveStream, VideoAsset or ArchiveSplit. Settings section NamespaceAccess.
/// </summary>
public sealed record NamespaceAccessOptions : ISettingsSection<NamespaceAccessOptions>
{
    public static JsonTypeInfo<NamespaceAccessOptions> JsonType => NamespaceAccessJson.Default.NamespaceAccessOptions;

    /// <summary>The ClusterRole with the operator's writes in a namespace (the chart's &lt;release&gt;-namespace).</summary>
    public string ClusterRole { get; init; } = "";

    /// <summary>The name of the RoleBinding in each namespace, and the value of its <see cref="OwnerLabel"/>.</summary>
    public string BindingName { get; init; } = "";

    public string ServiceAccountNamespace { get; init; } = "";

    public string ServiceAccountName { get; init; } = "";

    /// <summary>Marks the bindings this controller made (value: <see cref="BindingName"/>), so it lists and revokes only those.</summary>
    public const string OwnerLabel = "media.airwave.dev/namespace-access";

    /// <summary>
    /// Keeps a binding granting while its namespace is deleted: the namespace's deletion removes RoleBindings
    /// at once, yet the operator still needs its access to tear down the streams there, which hold the namespace open.
    /// </summary>
    public const string Finalizer = "media.airwave.dev/namespace-access";
}
