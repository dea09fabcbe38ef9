using System.Text.RegularExpressions;
using Airwave.Chart.Tests.Rendering;
using Airwave.Kubernetes.ApiMachinery.Yaml;

namespace Airwave.Chart.Tests;

/// <summary>
/// No Docker engine runs here, so the Dockerfile is read as text: every `--target` the README tells users to build
/// exists, and every image stage runs as a non-root user, carries OCI labels and bakes in no secrets.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly string Dockerfile = File.ReadAllText(Repository.Path("Dockerfile"));

    /// <summary>The folders the images are built from.</summary>
    private static readonly string[] ImageSources = ["libraries", "operator", "webhook", "signaling", "sfu", "connector", "crds"];

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

    [Fact]
    public void The_images_the_readme_and_the_dockerfile_build_are_the_ones_the_chart_and_the_sfu_pods_run_by_default()
    {
        var values = YamlReader.Read(File.ReadAllText(Path.Combine(AirwaveChart.Directory, "values.yaml")))!;
        var chart = YamlReader.Read(File.ReadAllText(Path.Combine(AirwaveChart.Directory, "Chart.yaml")))!;
        Assert.Equal("", (string?)values["image"]!["tag"]);
        Assert.Equal("", (string?)values["webhook"]!["image"]!["tag"]);
        Assert.Equal("", (string?)values["signaling"]!["image"]!["tag"]);
        string[] deployed =
        [
            $"{(string?)values["image"]!["repository"]}:{(string?)chart["appVersion"]}",
            $"{(string?)values["webhook"]!["image"]!["repository"]}:{(string?)chart["appVersion"]}",
            $"{(string?)values["signaling"]!["image"]!["repository"]}:{(string?)chart["appVersion"]}",

            // The SFU pods' image: not a Deployment of the chart, the pods of WebRtc streams run it.
            $"airwave/sfu:{(string?)chart["appVersion"]}",

            // The meeting connector's: the pods of Chime streams run it.
            $"airwave/connector:{(string?)chart["appVersion"]}",

            // The transcoder's: the Jobs of VideoAssets hosted on AWS run it.
            $"airwave/transcoder:{(string?)chart["appVersion"]}",
        ];

        var readme = File.ReadAllText(Repository.Path("README.md"));
        Assert.Equal(deployed.Order(), BuiltImage().Matches(readme).Select(m => m.Groups[1].Value).Distinct().Order());
        Assert.Equal(deployed.Order(), BuiltImage().Matches(Dockerfile).Select(m => m.Groups[1].Value).Distinct().Order());
    }

    [Fact]
    public void The_sandbox_runs_every_image_stage_as_this_build()
    {
        var images = Stages().Keys.Where(name => name != "build").Select(name => "airwave/" + name).Order().ToList();

        Assert.Equal(images, Airwave.Sandbox.SandboxImages.Build.Keys.Order());
        var @operator = Airwave.Sandbox.SandboxImages.Build[Airwave.Sandbox.SandboxImages.OperatorImage];
        Assert.True(File.Exists(Path.Combine(@operator.Files["/app"], "airwave-operator")), "the operator image's /app holds the operator's program");
        var webhook = Airwave.Sandbox.SandboxImages.Build[Airwave.Sandbox.SandboxImages.WebhookImage];
        Assert.True(File.Exists(Path.Combine(webhook.Files["/app"], "airwave-webhook")), "the webhook image's /app holds the webhook's program");
        var signaling = Airwave.Sandbox.SandboxImages.Build[Airwave.Sandbox.SandboxImages.SignalingImage];
        Assert.True(File.Exists(Path.Combine(signaling.Files["/app"], "airwave-signaling")), "the signaling image's /app holds the signaling service's program");
        var sfu = Airwave.Sandbox.SandboxImages.Build[Airwave.Sandbox.SandboxImages.SfuImage];
        Assert.True(File.Exists(Path.Combine(sfu.Files["/app"], "airwave-sfu")), "the SFU image's /app holds the SFU pod's program");
        var connector = Airwave.Sandbox.SandboxImages.Build[Airwave.Sandbox.SandboxImages.ConnectorImage];
        Assert.True(File.Exists(Path.Combine(connector.Files["/app"], "airwave-connector")), "the connector image's /app holds the connector's program");
        var transcoder = Airwave.Sandbox.SandboxImages.Build[Airwave.Sandbox.SandboxImages.TranscoderImage];
        Assert.True(File.Exists(Path.Combine(transcoder.Files["/app"], "airwave-transcoder")), "the transcoder image's /app holds the transcoder's program");
    }

    /// <summary>The build each native image's stage ships, as the sandbox runs it.</summary>
    private static readonly Dictionary<string, Airwave.Sandbox.ProgramBuild> NativeBuilds = new(StringComparer.Ordinal)
    {
        ["operator"] = Airwave.Sandbox.ProgramBuild.Operator,
        ["sfu"] = Airwave.Sandbox.ProgramBuild.Sfu,
        ["connector"] = Airwave.Sandbox.ProgramBuild.Connector,
        ["transcoder"] = Airwave.Sandbox.ProgramBuild.Transcoder,
        ["webhook"] = Airwave.Sandbox.ProgramBuild.Webhook,
        ["signaling"] = Airwave.Sandbox.ProgramBuild.Signaling,
    };

    [Theory]
    [InlineData("operator", "operator/Airwave.Operator/Airwave.Operator.csproj", Airwave.Sandbox.SandboxImages.OperatorImage)]
    [InlineData("sfu", "sfu/Airwave.Sfu/Airwave.Sfu.csproj", Airwave.Sandbox.SandboxImages.SfuImage)]
    [InlineData("connector", "connector/Airwave.Connector/Airwave.Connector.csproj", Airwave.Sandbox.SandboxImages.ConnectorImage)]
    [InlineData("transcoder", "operator/Airwave.Transcoder/Airwave.Transcoder.csproj", Airwave.Sandbox.SandboxImages.TranscoderImage)]
    [InlineData("webhook", "webhook/Airwave.Webhook/Airwave.Webhook.csproj", Airwave.Sandbox.SandboxImages.WebhookImage)]
    [InlineData("signaling", "signaling/Airwave.Signaling/Airwave.Signaling.csproj", Airwave.Sandbox.SandboxImages.SignalingImage)]
    public void Native_images_ship_the_build_the_sandbox_runs(string target, string project, string image)
    {
        var stage = Stages()[target];
        var publish = Regex.Match(Dockerfile, $@"dotnet publish {Regex.Escape(project)}[^\n]*");
        var entrypoint = EntryPoint().Match(stage);

        // Compiled ahead of time for the image's platform: no .NET runtime in the image, full speed from the start.
        Assert.True(publish.Success, $"the build stage publishes {project}");
        Assert.Contains("-p:PublishAot=true", publish.Value, StringComparison.Ordinal);
        Assert.Contains("FROM mcr.microsoft.com/dotnet/runtime-deps:", stage, StringComparison.Ordinal);
        Assert.True(entrypoint.Success, $"the {target} stage has an ENTRYPOINT in exec form");
        var entry = System.Text.Json.Nodes.JsonNode.Parse(entrypoint.Groups[1].Value)!.AsArray().Select(part => (string)part!).ToList();
        Assert.Equal(Airwave.Sandbox.SandboxImages.Build[image].Entrypoint, entry);

        // The stage copies every file the native build needs (a program, and any native library beside it, such as
        // SQLite's), as the sandbox's pods have them; symbols stay behind.
        var build = NativeBuilds[target];
        if (build.AheadOfTime)
        {
            var copied = CopyFromBuild().Matches(stage).SelectMany(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(Path.GetFileName);
            var needed = Directory.EnumerateFiles(build.Directory).Select(Path.GetFileName).Where(f => !f!.EndsWith(".pdb", StringComparison.Ordinal) && !f.EndsWith(".dbg", StringComparison.Ordinal));
            Assert.Equal(needed.Order(), copied.Order());
        }
    }

    [Fact]
    public void The_build_context_leaves_out_build_outputs_and_the_git_history()
    {
        var ignored = File.ReadAllLines(Repository.Path(".dockerignore")).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

        Assert.Contains(".git/", ignored);
        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
        Assert.All(CopiedPaths(), path => Assert.DoesNotContain(path, ignored));
    }

    [Fact]
    public void What_the_image_is_built_from_does_not_depend_on_the_sandbox()
    {
        var projects = ImageSources
            .SelectMany(folder => Directory.EnumerateFiles(Repository.Path(folder), "*.csproj", SearchOption.AllDirectories))
            .ToList();
        var dependents = projects.Where(p => File.ReadAllText(p).Contains("Airwave.Sandbox", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(projects);
        Assert.Empty(dependents);
        Assert.DoesNotContain(CopiedPaths(), path => path.StartsWith("sandbox", StringComparison.Ordinal));
        Assert.Contains("sandbox/", File.ReadAllLines(Repository.Path(".dockerignore")));
    }

    private static IEnumerable<string> CopiedPaths() =>
        CopyFromContext().Matches(Dockerfile).SelectMany(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipLast(1));

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

    [GeneratedRegex(@"docker build --target \S+ -t (\S+)")]
    private static partial Regex BuiltImage();

    [GeneratedRegex(@"(?m)^ENTRYPOINT (\[.*\])$")]
    private static partial Regex EntryPoint();

    [GeneratedRegex(@"(?m)^COPY --from=build (.+) \./$")]
    private static partial Regex CopyFromBuild();

    [GeneratedRegex(@"(?m)^COPY (?!--from)(.+)$")]
    private static partial Regex CopyFromContext();
}
