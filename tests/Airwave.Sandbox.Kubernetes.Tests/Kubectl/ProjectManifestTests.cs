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

        // Another test of this class may have applied the CRDs first.
        Assert.Matches("customresourcedefinition.apiextensions.k8s.io/livestreams.media.airwave.dev (created|unchanged)", crds);
        Assert.Contains("livestream.media.airwave.dev/workshop-a created", examples, StringComparison.Ordinal);
        Assert.DoesNotContain("created", again, StringComparison.Ordinal);
        var streams = await InNamespaceAsync("get", "livestreams", "-o", "name");
        Assert.Contains("livestream.media.airwave.dev/workshop-a", streams, StringComparison.Ordinal);
        var yaml = await InNamespaceAsync("get", "livestream", "workshop-a", "-o", "yaml");
        Assert.Contains("segmentLengthSeconds: 300", yaml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("source: { type: RtmpPush, rtmpPush: { allowedCidrs: [10.0.0.300/8] } }", "spec.source.rtmpPush.allowedCidrs[0]: Invalid value: \"10.0.0.300/8\"")]
    [InlineData("source: { type: RtmpPush, rtmpPush: { allowedCidrs: [10.0.0.0/33] } }", "spec.source.rtmpPush.allowedCidrs[0]: Invalid value: \"10.0.0.0/33\"")]
    [InlineData("source: { type: RtmpPush }\n  archive: { pathTemplate: \"{year}/{week}/{stream}\" }", "spec.archive.pathTemplate: Invalid value: \"{year}/{week}/{stream}\"")]
    public async Task A_livestream_with_a_bad_value_is_refused_at_apply_naming_the_field(string spec, string refusal)
    {
        await Kubectl.SucceedAsync("apply", "-f", Repository.Path("crds"));

        var applied = await Kubectl.RunWithInputAsync($"apiVersion: media.airwave.dev/v1alpha1\nkind: LiveStream\nmetadata: {{ name: bad }}\nspec:\n  {spec}\n", ["-n", Namespace, "apply", "-f", "-"]);

        Assert.NotEqual(0, applied.ExitCode);
        Assert.Contains("The LiveStream \"bad\" is invalid: ", applied.StandardError, StringComparison.Ordinal);
        Assert.Contains(refusal, applied.StandardError, StringComparison.Ordinal);
        Assert.Equal("", (await InNamespaceAsync("get", "livestream", "bad", "--ignore-not-found", "-o", "name")).Trim());
    }

    [Fact]
    public async Task Examples_read_back_as_one_list_file_are_created_again_from_it()
    {
        await Kubectl.SucceedAsync("apply", "-f", Repository.Path("crds"));
        await InNamespaceAsync("apply", "-f", Repository.Path("examples"));
        var list = await InNamespaceAsync("get", "livestreams,videoassets,archivesplits", "-o", "yaml");
        var names = (await InNamespaceAsync("get", "livestreams,videoassets,archivesplits", "-o", "name")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        await InNamespaceAsync(["delete", .. names]);

        // kubectl validates every item of a List against the server's OpenAPI v2 definitions before creating any.
        var created = await Kubectl.RunWithInputAsync(list, ["-n", Namespace, "create", "-f", "-"]);

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Equal(names.Length, created.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.EndsWith(" created", StringComparison.Ordinal)));
        Assert.Contains("livestream.media.airwave.dev/workshop-a created", created.StandardOutput, StringComparison.Ordinal);
    }
}
