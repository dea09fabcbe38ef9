using Airwave.Sandbox.Kubernetes.Tests.Infrastructure;

namespace Airwave.Sandbox.Kubernetes.Tests.Kubectl;

/// <summary>The server over HTTPS: kubectl trusts it through the CA in the kubeconfig alone.</summary>
public sealed class HttpsTests : IAsyncLifetime
{
    private readonly SandboxFixture _sandbox = new(new KubernetesApiServerOptions { Https = true });

    public Task InitializeAsync() => _sandbox.InitializeAsync();

    public Task DisposeAsync() => _sandbox.DisposeAsync();

    [Fact]
    public async Task Kubectl_verifies_the_server_with_the_kubeconfig_ca()
    {
        var namespaces = await _sandbox.Kubectl.SucceedAsync("get", "namespaces", "-o", "name");

        Assert.Equal("https", _sandbox.Server.BaseAddress.Scheme);
        Assert.Contains("certificate-authority-data:", await File.ReadAllTextAsync(_sandbox.KubeconfigPath), StringComparison.Ordinal);
        Assert.Contains("namespace/default", namespaces, StringComparison.Ordinal);
    }
}
