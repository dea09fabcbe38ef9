using System.Text.Json.Nodes;
using Airwave.Chart.Tests.Rendering;
using Airwave.Kubernetes.ApiMachinery.Yaml;
using Airwave.Sandbox.Kubernetes;

namespace Airwave.Chart.Tests.Sandbox;

/// <summary>The sandbox's in-memory Kubernetes API server on loopback, driven with the real kubectl.</summary>
public sealed class SandboxApiServer : IAsyncLifetime
{
    private static readonly string[] AccessControlKinds =
        ["ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"];

    private readonly string _directory = Directory.CreateTempSubdirectory("airwave-chart-sandbox-").FullName;
    private KubernetesApiServer? _server;

    public Kubectl Kubectl { get; private set; } = null!;

    public Uri BaseAddress => _server?.BaseAddress ?? throw new InvalidOperationException("the server has not started");

    public async Task InitializeAsync()
    {
        _server = await KubernetesApiServer.StartAsync(new KubernetesApiServerOptions { Port = 0 }, CancellationToken.None);
        var kubeconfig = _server.WriteKubeconfig(Path.Combine(_directory, "sandbox.kubeconfig"));
        Kubectl = new Kubectl(kubeconfig, Path.Combine(_directory, "kubectl-cache"));
    }

    /// <summary>
    /// The release's namespace, then the chart's accounts, roles, bindings and admission policies as `helm install`
    /// applies them; the API server enforces them for every account but its admin.
    /// </summary>
    public async Task InstallAccessControlAsync(RenderedChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        await Kubectl.SucceedAsync("create", "namespace", AirwaveChart.ReleaseNamespace);
        var installed = chart.Documents.Where(d => AccessControlKinds.Contains(d.Kind)).Select(d => (JsonNode)d.Manifest).ToList();
        var applied = await Kubectl.RunWithInputAsync(YamlWriter.WriteDocuments(installed), "apply", "-f", "-");
        Assert.True(applied.ExitCode == 0, applied.ToString());
    }

    /// <summary>A kubeconfig of a ServiceAccount's token, for a program that runs as that account.</summary>
    public string WriteServiceAccountKubeconfig(string @namespace, string serviceAccount) =>
        (_server ?? throw new InvalidOperationException("the server has not started"))
            .WriteServiceAccountKubeconfig(Path.Combine(_directory, $"{@namespace}-{serviceAccount}.kubeconfig"), @namespace, serviceAccount);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }
}
