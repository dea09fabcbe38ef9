using System.CommandLine;
using System.Text.Json.Nodes;
using Airwave.Chart.Tests.Rendering;
using Airwave.Operator.Commands;

namespace Airwave.Chart.Tests.Sandbox;

/// <summary>
/// The chart's namespace-access controller run as its Deployment would run it: the Deployment's command line, with
/// its ServiceAccount's token (a kubeconfig of it), in this process until disposed.
/// </summary>
public sealed class NamespaceAccessProcess : IAsyncDisposable
{
    public const string Deployment = AirwaveChart.ReleaseName + "-namespace-access";

    private readonly CancellationTokenSource _stopping = new();
    private readonly Task<int> _run;

    private NamespaceAccessProcess(IReadOnlyList<string> args) =>
        _run = new RootCommand { NamespaceAccessCommand.Create() }.Parse([.. args]).InvokeAsync(cancellationToken: _stopping.Token);

    /// <summary>Starts it from the rendered manifests; null when they hold no such Deployment (an install with watchNamespaces).</summary>
    /// <param name="writeKubeconfig">Writes a kubeconfig of the named ServiceAccount of the release namespace and returns its path.</param>
    public static NamespaceAccessProcess? Start(IEnumerable<JsonNode> manifests, Func<string, string> writeKubeconfig)
    {
        ArgumentNullException.ThrowIfNull(writeKubeconfig);
        if (manifests.SingleOrDefault(m => (string?)m["kind"] == "Deployment" && (string?)m["metadata"]!["name"] == Deployment) is not { } deployment)
        {
            return null;
        }

        var pod = deployment["spec"]!["template"]!["spec"]!;
        var args = pod["containers"]![0]!["args"]!.AsArray().Select(a => (string)a!).ToList();

        // Probes are not asked here: any free port on loopback.
        args[args.IndexOf("--urls") + 1] = "http://127.0.0.1:0";
        return new NamespaceAccessProcess([.. args, "--kubeconfig", writeKubeconfig((string)pod["serviceAccountName"]!)]);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        var exitCode = await _run;
        _stopping.Dispose();
        Assert.Equal(0, exitCode);
    }
}
