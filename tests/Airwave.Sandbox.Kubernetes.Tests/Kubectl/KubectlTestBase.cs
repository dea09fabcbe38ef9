using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Tests.Infrastructure;

namespace Airwave.Sandbox.Kubernetes.Tests.Kubectl;

/// <summary>Each test works in a namespace of its own on the shared server, with the Widget CRD applied.</summary>
public abstract class KubectlTestBase(SandboxFixture sandbox) : IAsyncLifetime
{
    protected SandboxFixture Sandbox { get; } = sandbox;

    protected Testing.Kubectl Kubectl => Sandbox.Kubectl;

    protected string Namespace { get; } = "t-" + Guid.NewGuid().ToString("N")[..10];

    public async Task InitializeAsync()
    {
        await Sandbox.Client.PostAsync("/api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = Namespace } });
        await Kubectl.SucceedAsync("apply", "-f", Manifests.Path("widgets-crd.yaml"));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    protected Task<string> InNamespaceAsync(params string[] arguments) => Kubectl.SucceedAsync(["-n", Namespace, .. arguments]);

    protected Task<ProcessResult> TryInNamespaceAsync(params string[] arguments) => Kubectl.RunAsync(["-n", Namespace, .. arguments]);

    protected async Task<string> ApplyAsync(string manifest, params string[] arguments)
    {
        var result = await TryApplyAsync(manifest, arguments);
        Assert.True(result.ExitCode == 0, $"kubectl apply failed: {result}");
        return result.StandardOutput;
    }

    protected async Task<ProcessResult> TryApplyAsync(string manifest, params string[] arguments) =>
        await Kubectl.RunWithInputAsync(manifest, ["-n", Namespace, "apply", "-f", "-", .. arguments]);

    protected async Task<JsonNode> GetJsonAsync(string resource, string name) =>
        JsonNode.Parse(await InNamespaceAsync("get", resource, name, "-o", "json"))!;

    /// <summary>Polls `kubectl get` until the object is gone (bounded: the garbage collector works asynchronously).</summary>
    protected async Task<bool> EventuallyGoneAsync(string resource, string name)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var result = await TryInNamespaceAsync("get", resource, name, "--ignore-not-found", "-o", "name");
            if (result.ExitCode == 0 && result.StandardOutput.Trim().Length == 0)
            {
                return true;
            }

            await Task.Delay(200);
        }

        return false;
    }
}
