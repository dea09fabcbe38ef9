using Airwave.Sandbox.Kubernetes.Tests.Infrastructure;

namespace Airwave.Sandbox.Kubernetes.Tests.Kubectl;

/// <summary>The repository's own CRDs and examples, applied with kubectl's default (strict) validation.</summary>
public sealed class ProjectManifestTests(SandboxFixture sandbox) : KubectlTestBase(sandbox), IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task Crds_and_examples_apply_and_read_back()
    {
        var crds = await Kubectl.SucceedAsync("apply", "-f", Repository.Path("crds"));
        var examples = await InNamespaceAsync("apply", "-f", Repository.Path("examples"));
        var again = await InNamespaceAsync("apply", "-f", Repository.Path("examples"));

        Assert.Contains("customresourcedefinition.apiextensions.k8s.io/livestreams.media.airwave.dev created", crds, StringComparison.Ordinal);
        Assert.Contains("livestream.media.airwave.dev/workshop-a created", examples, StringComparison.Ordinal);
        Assert.DoesNotContain("created", again, StringComparison.Ordinal);
        var streams = await InNamespaceAsync("get", "livestreams", "-o", "name");
        Assert.Contains("livestream.media.airwave.dev/workshop-a", streams, StringComparison.Ordinal);
        var yaml = await InNamespaceAsync("get", "livestream", "workshop-a", "-o", "yaml");
        Assert.Contains("segmentLengthSeconds: 300", yaml, StringComparison.Ordinal);
    }
}
