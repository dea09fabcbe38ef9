using static Airwave.Operator.Tests.StatusOf;

namespace Airwave.Operator.Tests.ArgoCd;

/// <summary>
/// Argo CD compares the manifests in Git with the live objects: anything the operator or the API server wrote into a
/// spec after apply would show as a diff on every sync. `kubectl diff` makes the same comparison.
/// </summary>
public sealed class NoPermanentDiffTests(OperatorSandbox sandbox) : IClassFixture<OperatorSandbox>
{
    private static readonly string[] Examples = ["livestream-rtmp.yaml", "videoasset-direct-upload.yaml", "archivesplit.yaml"];

    [Fact]
    public async Task The_examples_once_reconciled_differ_in_nothing_from_their_files()
    {
        var ns = await sandbox.CreateNamespaceAsync();
        foreach (var example in Examples)
        {
            await sandbox.Kubectl.SucceedAsync("apply", "-n", ns, "-f", Repository.Path("examples", example));
        }

        await sandbox.WaitForAsync(ns, "livestream", "workshop-a", s => Phase(s) == "Running", "workshop-a Running");
        await sandbox.WaitForAsync(ns, "videoasset", "intro", s => Phase(s) == "WaitingForUpload", "intro waiting for its upload");
        await sandbox.WaitForAsync(ns, "archivesplit", "friday-clips", s => Phase(s).Length > 0, "friday-clips taken up");
        // A few more reconciles of each, so whatever the operator writes is written.
        await Task.Delay(3 * OperatorSandbox.ResyncInterval);

        foreach (var example in Examples)
        {
            var clientSide = await sandbox.Kubectl.RunAsync("diff", "-n", ns, "-f", Repository.Path("examples", example));
            var serverSide = await sandbox.Kubectl.RunAsync("diff", "--server-side", "--force-conflicts", "-n", ns, "-f", Repository.Path("examples", example));
            Assert.True(clientSide.ExitCode == 0, $"{example}: {clientSide}");
            Assert.True(serverSide.ExitCode == 0, $"{example} (server-side): {serverSide}");
        }

        // The comparison does see a change made in Git.
        var changed = (await File.ReadAllTextAsync(Repository.Path("examples", "videoasset-direct-upload.yaml"))).Replace("title: Sample Video", "title: Sample Video, retitled", StringComparison.Ordinal);
        var diff = await sandbox.Kubectl.RunWithInputAsync(changed, ["diff", "-n", ns, "-f", "-"]);
        Assert.True(diff.ExitCode == 1, diff.ToString());
        Assert.Contains("+  title: Sample Video, retitled", diff.StandardOutput, StringComparison.Ordinal);
    }
}
