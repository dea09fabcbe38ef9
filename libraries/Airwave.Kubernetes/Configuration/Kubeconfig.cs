using System.Text.Json.Serialization;

namespace Airwave.Kubernetes.Configuration;

/// <summary>A kubeconfig file (clientcmd v1 Config).</summary>
public sealed record Kubeconfig
{
    public IReadOnlyList<NamedCluster> Clusters { get; init; } = [];
    public IReadOnlyList<NamedContext> Contexts { get; init; } = [];
    public IReadOnlyList<NamedUser> Users { get; init; } = [];

    [JsonPropertyName("current-context")]
    public string? CurrentContext { get; init; }
}
