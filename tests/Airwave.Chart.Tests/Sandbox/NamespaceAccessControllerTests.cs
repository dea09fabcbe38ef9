using System.Text.Json.Nodes;
using Airwave.Chart.Tests.Rendering;
using Airwave.Kubernetes.ApiMachinery.Yaml;

namespace Airwave.Chart.Tests.Sandbox;

/// <summary>
/// The chart's namespace-access controller, run from its Deployment's command line with its own ServiceAccount
/// against the sandbox's API server (RBAC, admission policies and the namespace lifecycle enforced): which
/// namespaces the operator may write in, as Airwave objects come and go, bindings are changed by hand, and
/// namespaces are deleted.
/// </summary>
[Collection(SharedChartRenderer.Name)]
public sealed class NamespaceAccessControllerTests(ChartRenderer renderer) : IAsyncLifetime
{
    private const string Operator = $"system:serviceaccount:{AirwaveChart.ReleaseNamespace}:{AirwaveChart.ReleaseName}";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly SandboxApiServer _sandbox = new();
    private NamespaceAccessProcess? _controller;

    public async Task InitializeAsync()
    {
        await _sandbox.InitializeAsync();
        var chart = await renderer.RenderMinimalAsync();
        await _sandbox.Kubectl.SucceedAsync("apply", "-f", Path.Combine(AirwaveChart.Directory, "crds"));
        await _sandbox.InstallAccessControlAsync(chart);
        _controller = NamespaceAccessProcess.Start(chart.Documents.Select(d => (JsonNode)d.Manifest), account => _sandbox.WriteServiceAccountKubeconfig(AirwaveChart.ReleaseNamespace, account));
        Assert.NotNull(_controller);
    }

    public async Task DisposeAsync()
    {
        if (_controller is not null)
        {
            await _controller.DisposeAsync();
        }

        await _sandbox.DisposeAsync();
    }

    [Fact]
    public async Task Each_kind_opens_its_namespace_to_the_operator_while_an_object_of_it_is_there()
    {
        foreach (var (@namespace, example, resource) in new[]
        {
            ("streams", "livestream-rtmp.yaml", "livestream/workshop-a"),
            ("videos", "videoasset-direct-upload.yaml", "videoasset/intro"),
            ("clips", "archivesplit.yaml", $"archivesplit/{ExampleName("archivesplit.yaml")}"),
        })
        {
            await _sandbox.Kubectl.SucceedAsync("create", "namespace", @namespace);
            Assert.Equal("no", await CanOperatorCreateSecretsAsync(@namespace));

            await _sandbox.Kubectl.SucceedAsync("apply", "-n", @namespace, "-f", Repository.Path("examples", example));
            await Eventually.MatchAsync(() => CanOperatorCreateSecretsAsync(@namespace), answer => answer == "yes", Timeout, $"the operator may write in {@namespace}");

            await _sandbox.Kubectl.SucceedAsync("delete", "-n", @namespace, resource);
            await Eventually.MatchAsync(() => CanOperatorCreateSecretsAsync(@namespace), answer => answer == "no", Timeout, $"the operator may no longer write in {@namespace}");
        }

        Assert.Equal("", await _sandbox.Kubectl.SucceedAsync("get", "rolebindings", "-A", "-l", "media.airwave.dev/namespace-access", "-o", "name"));
    }

    [Fact]
    public async Task A_binding_deleted_or_widened_by_hand_is_made_again_as_it_should_be()
    {
        await _sandbox.Kubectl.SucceedAsync("create", "namespace", "team");
        await _sandbox.Kubectl.SucceedAsync("apply", "-n", "team", "-f", Repository.Path("examples", "livestream-rtmp.yaml"));
        var first = await Eventually.MatchAsync(BindingAsync, b => b?["metadata"]?["finalizers"] is not null, Timeout, "the binding, with its finalizer");

        await _sandbox.Kubectl.SucceedAsync("delete", "rolebinding", AirwaveChart.ReleaseName, "-n", "team", "--wait=false");
        var second = await Eventually.MatchAsync(
            BindingAsync,
            b => b is not null && (string?)b["metadata"]!["uid"] != (string?)first!["metadata"]!["uid"] && b["metadata"]!["deletionTimestamp"] is null,
            Timeout,
            "a new binding in place of the deleted one");
        await _sandbox.Kubectl.SucceedAsync(
            "patch", "rolebinding", AirwaveChart.ReleaseName, "-n", "team", "--type=json",
            "-p", """[{"op":"add","path":"/subjects/-","value":{"kind":"User","name":"mallory","apiGroup":"rbac.authorization.k8s.io"}}]""");
        var third = await Eventually.MatchAsync(
            BindingAsync,
            b => b is not null && (string?)b["metadata"]!["uid"] != (string?)second!["metadata"]!["uid"] && b["metadata"]!["deletionTimestamp"] is null,
            Timeout,
            "a new binding in place of the widened one");

        var subject = third!["subjects"]!.AsArray().Single()!;
        Assert.Equal(("ServiceAccount", AirwaveChart.ReleaseName, AirwaveChart.ReleaseNamespace), ((string?)subject["kind"], (string?)subject["name"], (string?)subject["namespace"]));
        Assert.Equal("no", (await _sandbox.Kubectl.RunAsync("auth", "can-i", "create", "secrets", "-n", "team", "--as=mallory")).StandardOutput.Trim());
        Assert.Equal("yes", await CanOperatorCreateSecretsAsync("team"));
    }

    [Fact]
    public async Task A_namespace_being_deleted_keeps_the_operators_access_until_its_last_stream_is_torn_down()
    {
        await _sandbox.Kubectl.SucceedAsync("create", "namespace", "leaving");
        await _sandbox.Kubectl.SucceedAsync("apply", "-n", "leaving", "-f", Repository.Path("examples", "livestream-rtmp.yaml"));

        // As the operator's finalizer holds a stream until its teardown is done.
        await _sandbox.Kubectl.SucceedAsync("patch", "livestream", "workshop-a", "-n", "leaving", "--type=merge", "-p", """{"metadata":{"finalizers":["media.airwave.dev/teardown-in-test"]}}""");
        await Eventually.MatchAsync(() => CanOperatorCreateSecretsAsync("leaving"), answer => answer == "yes", Timeout, "the operator may write in leaving");

        await _sandbox.Kubectl.SucceedAsync("delete", "namespace", "leaving", "--wait=false");
        await Eventually.MatchAsync(
            () => _sandbox.Kubectl.SucceedAsync("get", "rolebinding", AirwaveChart.ReleaseName, "-n", "leaving", "-o", "jsonpath={.metadata.deletionTimestamp}"),
            deleting => deleting.Length > 0,
            Timeout,
            "the namespace's deletion reaches the binding");
        var stream = await _sandbox.Kubectl.SucceedAsync("get", "livestream", "workshop-a", "-n", "leaving", "-o", "jsonpath={.metadata.deletionTimestamp}");
        var duringTeardown = await CanOperatorDeleteDeploymentsAsync("leaving");

        await _sandbox.Kubectl.SucceedAsync("patch", "livestream", "workshop-a", "-n", "leaving", "--type=merge", "-p", """{"metadata":{"finalizers":null}}""");
        await Eventually.MatchAsync(
            () => _sandbox.Kubectl.RunAsync("get", "namespace", "leaving"),
            result => result.StandardError.Contains("NotFound", StringComparison.Ordinal),
            Timeout,
            "the namespace is gone once its stream is");

        Assert.NotEqual("", stream);
        Assert.Equal("yes", duringTeardown);
    }

    private async Task<JsonNode?> BindingAsync()
    {
        var result = await _sandbox.Kubectl.RunAsync("get", "rolebinding", AirwaveChart.ReleaseName, "-n", "team", "-o", "json");
        return result.ExitCode == 0 ? JsonNode.Parse(result.StandardOutput) : null;
    }

    private async Task<string> CanOperatorCreateSecretsAsync(string @namespace) =>
        (await _sandbox.Kubectl.RunAsync("auth", "can-i", "create", "secrets", "-n", @namespace, $"--as={Operator}")).StandardOutput.Trim();

    private async Task<string> CanOperatorDeleteDeploymentsAsync(string @namespace) =>
        (await _sandbox.Kubectl.RunAsync("auth", "can-i", "delete", "deployments.apps", "-n", @namespace, $"--as={Operator}")).StandardOutput.Trim();

    private static string ExampleName(string example) =>
        (string)YamlReader.ReadDocuments(File.ReadAllText(Repository.Path("examples", example))).Single()!["metadata"]!["name"]!;
}
