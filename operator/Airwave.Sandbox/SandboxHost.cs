using Airwave.Sandbox.Kubernetes;

namespace Airwave.Sandbox;

/// <summary>
/// Composes the sandbox's servers: the Kubernetes API server always; components that need more than the
/// Kubernetes API are started here unless <see cref="SandboxOptions.ApiOnly"/> is set.
/// </summary>
internal sealed class SandboxHost : IAsyncDisposable
{
    private readonly KubernetesApiServer _kubernetes;

    private SandboxHost(KubernetesApiServer kubernetes, string kubeconfigPath)
    {
        _kubernetes = kubernetes;
        KubeconfigPath = kubeconfigPath;
    }

    public string KubeconfigPath { get; }

    /// <summary>"name: URL" lines for the ready message.</summary>
    public IEnumerable<(string Name, string Url)> Endpoints => [("Kubernetes API", _kubernetes.BaseAddress.GetLeftPart(UriPartial.Authority))];

    public static async Task<SandboxHost> StartAsync(SandboxOptions options, CancellationToken ct)
    {
        var kubernetes = await KubernetesApiServer.StartAsync(new KubernetesApiServerOptions { Port = options.KubePort, Https = options.Https }, ct);
        try
        {
            var kubeconfig = kubernetes.WriteKubeconfig(options.KubeconfigPath);
            return new SandboxHost(kubernetes, kubeconfig);
        }
        catch
        {
            await kubernetes.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _kubernetes.DisposeAsync();
}
