using Airwave.Chart.Tests.Rendering;

namespace Airwave.Chart.Tests.Sandbox;

/// <summary>
/// With webhook.streamApi the webhook's ServiceAccount may create, patch and delete LiveStreams anywhere (RBAC cannot
/// say which); the chart's admission policy, installed with its RBAC into the sandbox's API server (which enforces
/// both), keeps it to what /stream/start and /stream/stop do, and refuses the rest naming the rule.
/// </summary>
[Collection(SharedChartRenderer.Name)]
public sealed class WebhookStreamPolicyTests(ChartRenderer renderer) : IAsyncLifetime
{
    private const string Tenant = "team";
    private const string Webhook = $"system:serviceaccount:{AirwaveChart.ReleaseNamespace}:airwave-webhook";
    private const string Policy = "ValidatingAdmissionPolicy 'airwave-webhook-streams' with binding 'airwave-webhook-streams' denied request: ";
    private readonly SandboxApiServer _sandbox = new();

    public async Task InitializeAsync()
    {
        await _sandbox.InitializeAsync();
        var chart = await renderer.RenderAsync([AirwaveChart.ValuesFile("webhook.yaml"), renderer.WriteValues(StreamApiValues)]);
        Assert.Contains(chart.Documents, d => d.Kind == "ValidatingAdmissionPolicy" && d.Name == "airwave-webhook-streams");
        await _sandbox.Kubectl.SucceedAsync("apply", "-f", Path.Combine(AirwaveChart.Directory, "crds"));
        await _sandbox.InstallAccessControlAsync(chart);
        await _sandbox.Kubectl.SucceedAsync("create", "namespace", Tenant);
    }

    public Task DisposeAsync() => _sandbox.DisposeAsync();

    /// <summary>The stream API on, with the upload role it issues credentials for.</summary>
    public const string StreamApiValues = "webhook:\n  streamApi:\n    enabled: true\nconfig:\n  upload:\n    roleArn: arn:aws:iam::123456789012:role/mobile-upload\n";

    [Fact]
    public async Task The_webhook_makes_stops_and_deletes_its_own_upload_streams()
    {
        var made = await AsWebhookAsync(Stream("phone-1", "S3Upload", labelled: true), "create", "-f", "-");
        var stopped = await AsWebhookAsync(null, "patch", "livestream", "phone-1", "-n", Tenant, "--type=merge", "-p", """{"spec":{"state":"Stopped"}}""");
        var deleted = await AsWebhookAsync(null, "delete", "livestream", "phone-1", "-n", Tenant);

        Assert.True(made.ExitCode == 0, made.ToString());
        Assert.True(stopped.ExitCode == 0, stopped.ToString());
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
    }

    [Fact]
    public async Task What_else_the_webhook_would_write_is_refused_naming_the_rule()
    {
        await _sandbox.Kubectl.SucceedAsync("apply", "-n", Tenant, "-f", Repository.Path("examples", "livestream-rtmp.yaml"));
        var teams = (await _sandbox.Kubectl.SucceedAsync("get", "livestreams", "-n", Tenant, "-o", "jsonpath={.items[0].metadata.name}")).Trim();
        var own = await AsWebhookAsync(Stream("phone-2", "S3Upload", labelled: true), "create", "-f", "-");
        Assert.True(own.ExitCode == 0, own.ToString());
        const string Own = "the webhook service writes only the LiveStreams /stream/start made (labelled app.kubernetes.io/managed-by=airwave-stream-api)";
        var attempts = new (string What, string? Input, string[] Arguments, string Rule)[]
        {
            ("a channel of its choosing", Stream("channel", "RtmpPush", labelled: true), ["create", "-f", "-"], "the webhook service makes only S3Upload streams"),
            ("an unlabelled stream", Stream("unlabelled", "S3Upload", labelled: false), ["create", "-f", "-"], Own),
            ("stopping a team's stream", null, ["patch", "livestream", teams, "-n", Tenant, "--type=merge", "-p", """{"spec":{"state":"Stopped"}}"""], Own),
            ("claiming a team's stream", null, ["label", "livestream", teams, "-n", Tenant, "app.kubernetes.io/managed-by=airwave-stream-api"], Own),
            ("deleting a team's stream", null, ["delete", "livestream", teams, "-n", Tenant], Own),
            ("putting its stream live", null, ["patch", "livestream", "phone-2", "-n", Tenant, "--type=merge", "-p", """{"spec":{"live":true}}"""], "the webhook service changes only a stream's spec.state"),
            ("disowning its stream", null, ["label", "livestream", "phone-2", "-n", Tenant, "app.kubernetes.io/managed-by-"], Own),
        };

        var failures = new List<string>();
        foreach (var (what, input, arguments, rule) in attempts)
        {
            var result = await AsWebhookAsync(input, arguments);
            if (result.ExitCode == 0 || !result.StandardError.Contains(Policy + rule, StringComparison.Ordinal))
            {
                failures.Add($"{what}: expected a refusal saying \"{rule}\", got {result}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(teams, (await _sandbox.Kubectl.SucceedAsync("get", "livestream", teams, "-n", Tenant, "-o", "jsonpath={.metadata.name}")).Trim());
    }

    private Task<ProcessResult> AsWebhookAsync(string? input, params string[] arguments) =>
        input is null
            ? _sandbox.Kubectl.RunAsync([.. arguments, $"--as={Webhook}"])
            : _sandbox.Kubectl.RunWithInputAsync(input, [.. arguments, $"--as={Webhook}"]);

    private static string Stream(string name, string source, bool labelled) => $$"""
        apiVersion: media.airwave.dev/v1alpha1
        kind: LiveStream
        metadata:
          name: {{name}}
          namespace: {{Tenant}}
        {{(labelled ? "  labels:\n    app.kubernetes.io/managed-by: airwave-stream-api" : "")}}
        spec:
          state: Running
          source:
            type: {{source}}
        """;
}
