namespace Airwave.Sandbox.Kubernetes.Resources;

/// <summary>A subresource discovery lists besides status (whose kind is its resource's): what it answers with and the verbs it takes.</summary>
internal sealed record Subresource(string Name, string Group, string Version, string Kind, IReadOnlyList<string> Verbs)
{
    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The subresources of pods the sandbox serves (kubectl drain looks for eviction's to evict rather than delete).</summary>
    public static IReadOnlyList<Subresource> OfPods { get; } =
    [
        new("attach", "", "v1", "PodAttachOptions", ["create", "get"]),
        new("eviction", "policy", "v1", "Eviction", ["create"]),
        new("exec", "", "v1", "PodExecOptions", ["create", "get"]),
        new("log", "", "v1", "Pod", ["get"]),
        new("portforward", "", "v1", "PodPortForwardOptions", ["create", "get"]),
    ];

    public static IReadOnlyList<Subresource> Scale { get; } = [new("scale", "autoscaling", "v1", "Scale", ["get", "patch", "update"])];
}
