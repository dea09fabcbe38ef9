using System.Text.RegularExpressions;

namespace Airwave.Chart.Tests;

/// <summary>
/// No Docker engine runs here, so the Dockerfile is read as text: every `--target` the README tells users to build
/// exists, and every image stage runs as a non-root user, carries OCI labels and bakes in no secrets.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly string Dockerfile = File.ReadAllText(Repository.Path("Dockerfile"));

    [Fact]
    public void Every_target_the_readme_names_is_a_stage_of_the_dockerfile()
    {
        var readme = File.ReadAllText(Repository.Path("README.md"));
        var named = TargetInReadme().Matches(readme).Select(m => m.Groups[1].Value).Distinct().ToList();
        var stages = Stages();

        Assert.NotEmpty(named);
        Assert.All(named, target => Assert.Contains(target, stages.Keys));
    }

    [Fact]
    public void Image_stages_run_unprivileged_with_labels_and_no_baked_secrets()
    {
        var images = Stages().Where(s => s.Key != "build").ToList();

        Assert.NotEmpty(images);
        foreach (var (name, body) in images)
        {
            Assert.Matches(@"(?m)^USER (?!root\b|0\b)\S+", body);
            Assert.Contains("org.opencontainers.image.title", body, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"(?im)^(ENV|ARG)\s+\S*(SECRET|TOKEN|PASSWORD|ACCESS_KEY)", body);
            Assert.Matches(@"(?m)^ENTRYPOINT \[", body);
            Assert.True(body.Contains("COPY --from=build", StringComparison.Ordinal), $"stage {name} copies the build output");
        }
    }

    private static Dictionary<string, string> Stages()
    {
        var matches = StageStart().Matches(Dockerfile);
        var stages = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < matches.Count; i++)
        {
            var end = i + 1 < matches.Count ? matches[i + 1].Index : Dockerfile.Length;
            stages[matches[i].Groups[1].Value] = Dockerfile[matches[i].Index..end];
        }

        return stages;
    }

    [GeneratedRegex(@"(?m)^FROM \S+ AS (\S+)")]
    private static partial Regex StageStart();

    [GeneratedRegex(@"docker build --target (\S+)")]
    private static partial Regex TargetInReadme();
}
