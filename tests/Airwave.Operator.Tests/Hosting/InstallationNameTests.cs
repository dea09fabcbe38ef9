using Airwave.Operator.Kubernetes;
using Airwave.Api.Common;
using Airwave.Api.LiveStreams;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Serialization;
using Airwave.Operator.Configuration;
using Airwave.Sandbox;

namespace Airwave.Operator.Tests.Hosting;

/// <summary>
/// The name an installation gives its AWS resources: its own by default, kept in a ConfigMap, so two installations in
/// one account never share one; "default" kept where streams of earlier versions carry it; the configured one when
/// set. Each case runs against the sandbox's API server (no operator) with a namespace of its own for the operator
/// and one for its streams.
/// </summary>
public sealed class InstallationNameTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("airwave-installation-name-").FullName;
    private SandboxHost _host = null!;
    private Kubectl _kubectl = null!;

    public async Task InitializeAsync()
    {
        _host = await SandboxHost.StartAsync(
            new SandboxOptions { KubePort = 0, AwsPort = 0, NoOperator = true, KubeconfigPath = Path.Combine(_directory, "sandbox.kubeconfig") },
            CancellationToken.None);
        _kubectl = new Kubectl(_host.KubeconfigPath, Path.Combine(_directory, "kubectl-cache"));
    }

    [Fact]
    public async Task A_new_installation_makes_a_name_of_its_own_keeps_it_and_every_replica_reads_the_same()
    {
        var (operatorNamespace, streams) = await NamespacesAsync();
        using var client = Client(operatorNamespace);

        var first = await Name(client, streams).GetAsync(CancellationToken.None);
        var second = await Name(client, streams).GetAsync(CancellationToken.None);
        var kept = await _kubectl.SucceedAsync("get", "configmap", InstallationName.ConfigMapName, "-n", operatorNamespace, "-o", "jsonpath={.data.name}");

        Assert.Matches($"^{operatorNamespace}-[0-9a-f]{{8}}$", first);
        Assert.Equal(first, second);
        Assert.Equal(first, kept);
    }

    [Fact]
    public async Task Streams_made_by_an_earlier_version_keep_default_and_so_does_the_installation()
    {
        var (operatorNamespace, streams) = await NamespacesAsync();
        await StreamAsync(streams, "older", """{"aws":{"inputId":"1234567"}}""");
        using var client = Client(operatorNamespace);
        var name = Name(client, streams);

        var installation = await name.GetAsync(CancellationToken.None);
        var older = await name.ForAsync(await ReadAsync(client, streams, "older"), CancellationToken.None);

        Assert.Equal(InstallationName.Legacy, installation);
        Assert.Equal(InstallationName.Legacy, older);
    }

    [Fact]
    public async Task Without_its_config_map_an_installation_takes_back_the_name_its_streams_carry()
    {
        var (operatorNamespace, streams) = await NamespacesAsync();
        await StreamAsync(streams, "made", """{"aws":{"inputId":"1234567"},"cluster":"team-media-0a1b2c3d"}""");
        await StreamAsync(streams, "new", null);
        using var client = Client(operatorNamespace);
        var name = Name(client, streams);

        var installation = await name.GetAsync(CancellationToken.None);
        var fresh = await name.ForAsync(await ReadAsync(client, streams, "new"), CancellationToken.None);

        Assert.Equal("team-media-0a1b2c3d", installation);
        Assert.Equal("team-media-0a1b2c3d", fresh);
    }

    [Fact]
    public async Task A_configured_name_is_the_installations_and_streams_keep_the_name_they_were_made_with()
    {
        var (operatorNamespace, streams) = await NamespacesAsync();
        await StreamAsync(streams, "earlier", """{"aws":{"inputId":"1234567"},"cluster":"eu-prod-old"}""");
        await StreamAsync(streams, "older", """{"ivs":{"channelArn":"arn:aws:ivs:us-east-1:123456789012:channel/abc"}}""");
        using var client = Client(operatorNamespace);
        var name = new InstallationName(client, new OperatorOptions { ClusterName = "eu-prod", WatchNamespaces = [streams] });

        var installation = await name.GetAsync(CancellationToken.None);
        var earlier = await name.ForAsync(await ReadAsync(client, streams, "earlier"), CancellationToken.None);
        var older = await name.ForAsync(await ReadAsync(client, streams, "older"), CancellationToken.None);
        var configMap = await _kubectl.RunAsync("get", "configmap", InstallationName.ConfigMapName, "-n", operatorNamespace);

        Assert.Equal("eu-prod", installation);
        Assert.Equal("eu-prod-old", earlier);
        Assert.Equal("eu-prod", older);
        Assert.NotEqual(0, configMap.ExitCode);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private static InstallationName Name(KubernetesClient client, string streams) =>
        new(client, new OperatorOptions { WatchNamespaces = [streams] });

    private KubernetesClient Client(string @namespace)
    {
        var configuration = KubernetesAccess.Configuration(_host.KubeconfigPath);
        configuration.Namespace = @namespace;
        return new(configuration, new KubernetesClientOptions { Json = KubernetesJson.CreateOptions(ApiJsonContext.Default) });
    }

    private async Task<(string Operator, string Streams)> NamespacesAsync()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        await _kubectl.SucceedAsync("create", "namespace", $"op-{id}");
        await _kubectl.SucceedAsync("create", "namespace", $"team-{id}");
        return ($"op-{id}", $"team-{id}");
    }

    /// <summary>A stream, with the status an operator wrote (null: none yet).</summary>
    private async Task StreamAsync(string @namespace, string name, string? status)
    {
        var applied = await _kubectl.RunWithInputAsync(
            $"apiVersion: media.airwave.dev/v1alpha1\nkind: LiveStream\nmetadata: {{ name: {name} }}\nspec: {{ state: Stopped, source: {{ type: RtmpPush }} }}\n",
            ["apply", "-n", @namespace, "-f", "-"]);
        Assert.True(applied.ExitCode == 0, applied.ToString());
        if (status is not null)
        {
            await _kubectl.SucceedAsync("patch", "livestream", name, "-n", @namespace, "--subresource=status", "--type=merge", "-p", "{\"status\":" + status + "}");
        }
    }

    private static Task<LiveStream> ReadAsync(KubernetesClient client, string @namespace, string name) =>
        client.GetAsync<LiveStream>(Kubernetes.AirwaveResources.LiveStreams, @namespace, name, CancellationToken.None);
}
