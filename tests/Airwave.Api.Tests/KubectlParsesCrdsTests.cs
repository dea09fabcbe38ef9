using System.Diagnostics;

namespace Airwave.Api.Tests;

public class KubectlParsesCrdsTests
{
    // With no cluster, a client dry run decodes every document and then stops at mapping kinds to
    // resources ("unable to recognize"); a YAML or JSON decoding error would stop it earlier, naming the file.
    [Fact]
    public async Task Kubectl_decodes_every_committed_crd()
    {
        var start = new ProcessStartInfo("kubectl", ["apply", "--dry-run=client", "--validate=false", "-f", Repository.Path("crds")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment["KUBECONFIG"] = "/nonexistent";
        using var kubectl = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stderr = kubectl.StandardError.ReadToEndAsync(timeout.Token);
        var stdout = kubectl.StandardOutput.ReadToEndAsync(timeout.Token);
        await kubectl.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr;

        Assert.DoesNotContain("error parsing", output, StringComparison.Ordinal);
        Assert.DoesNotContain("error converting YAML", output, StringComparison.Ordinal);
        foreach (var file in Directory.GetFiles(Repository.Path("crds"), "*.yaml"))
        {
            Assert.Contains($"unable to recognize \"{file}\"", output, StringComparison.Ordinal);
        }
    }
}
