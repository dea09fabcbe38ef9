namespace Airwave.Sandbox.Kubernetes.Tests.Infrastructure;

/// <summary>One sandbox API server on a free port, its kubeconfig and a kubectl bound to it, in a temporary directory.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("airwave-sandbox-tests-").FullName;
    private readonly KubernetesApiServerOptions _options;

    public SandboxFixture()
        : this(new KubernetesApiServerOptions { BookmarkInterval = TimeSpan.FromSeconds(1) })
    {
    }

    internal SandboxFixture(KubernetesApiServerOptions options) => _options = options;

    public KubernetesApiServer Server { get; private set; } = null!;

    public Testing.Kubectl Kubectl { get; private set; } = null!;

    public SandboxClient Client { get; private set; } = null!;

    public string KubeconfigPath { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await KubernetesApiServer.StartAsync(_options, CancellationToken.None);
        KubeconfigPath = Server.WriteKubeconfig(Path.Combine(_directory, "sandbox.kubeconfig"));
        Kubectl = new Testing.Kubectl(KubeconfigPath, Path.Combine(_directory, "kubectl-cache"));
        Client = new SandboxClient(Server.BaseAddress);
    }

    /// <summary>kubectl with a kubeconfig of its own that authenticates as the service account (which must exist).</summary>
    public Testing.Kubectl KubectlAs(string @namespace, string serviceAccount)
    {
        var kubeconfig = Server.WriteServiceAccountKubeconfig(Path.Combine(_directory, $"{@namespace}-{serviceAccount}.kubeconfig"), @namespace, serviceAccount);
        return new Testing.Kubectl(kubeconfig, Path.Combine(_directory, $"kubectl-cache-{@namespace}-{serviceAccount}"));
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
