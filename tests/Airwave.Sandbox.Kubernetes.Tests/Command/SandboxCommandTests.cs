using Airwave.Sandbox.Aws;

namespace Airwave.Sandbox.Kubernetes.Tests.Command;

/// <summary>The `airwave-sandbox` command as a user runs it.</summary>
public sealed class SandboxCommandTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _directory = Directory.CreateTempSubdirectory("airwave-sandbox-command-").FullName;

    [Fact]
    public async Task Writes_the_kubeconfig_before_ready_serves_kubectl_and_exits_0_on_sigterm()
    {
        var kubeconfig = Path.Combine(_directory, "sandbox.kubeconfig");
        await using var sandbox = RunningProcess.Start("dotnet", [SandboxDll, "--kube-port", "0", "--kubeconfig", kubeconfig, "--api-only"]);

        var ready = await sandbox.ReadLineAsync(Timeout);
        var kubeconfigExistedWhenReady = File.Exists(kubeconfig);
        var urlLine = await sandbox.ReadLineAsync(Timeout);
        var kubectl = new Testing.Kubectl(kubeconfig, Path.Combine(_directory, "cache"));
        var namespaces = await kubectl.SucceedAsync("get", "namespaces", "-o", "name");
        var terminate = await ProcessRunner.RunAsync("/bin/kill", ["-TERM", sandbox.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], Timeout);
        var exitCode = await sandbox.WaitForExitAsync(Timeout);

        Assert.Equal("Sandbox ready", ready);
        Assert.True(kubeconfigExistedWhenReady);
        Assert.Matches(@"Kubernetes API: https://127\.0\.0\.1:[1-9][0-9]*$", urlLine);
        Assert.Contains("namespace/default", namespaces, StringComparison.Ordinal);
        Assert.Equal(0, terminate.ExitCode);
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task The_javascript_client_uses_the_kubeconfig_it_writes_to_list_create_read_watch_and_list_any_version_whole()
    {
        var kubeconfig = Path.Combine(_directory, "sandbox.kubeconfig");
        await using var sandbox = RunningProcess.Start("dotnet", [SandboxDll, "--kube-port", "0", "--kubeconfig", kubeconfig, "--api-only"]);
        await sandbox.ReadLineAsync(Timeout);

        var result = await ProcessRunner.RunAsync("node", [Repository.Path("tests", "client-node", "sandbox-roundtrip.mjs"), kubeconfig, "from-node"], Timeout);

        Assert.True(result.ExitCode == 0, result.ToString());
        var seen = System.Text.Json.Nodes.JsonNode.Parse(result.StandardOutput)!;
        Assert.StartsWith("https://127.0.0.1:", (string?)seen["server"], StringComparison.Ordinal);
        Assert.Contains("kube-system", seen["namespaces"]!.AsArray().Select(n => (string?)n));
        Assert.Equal("blue", (string?)seen["colour"]);
        Assert.Equal(["ADDED from-javascript"], seen["seen"]!.AsArray().Select(n => (string?)n));
        Assert.True((int)seen["all"]! >= 2, result.StandardOutput);
        Assert.Equal((int)seen["all"]!, (int)seen["fromCache"]!["items"]!);
        Assert.Null((string?)seen["fromCache"]!["continue"]);
    }

    [Fact]
    public async Task With_http_it_serves_plain_http_that_kubectl_uses()
    {
        var kubeconfig = Path.Combine(_directory, "sandbox.kubeconfig");
        await using var sandbox = RunningProcess.Start("dotnet", [SandboxDll, "--kube-port", "0", "--kubeconfig", kubeconfig, "--api-only", "--http"]);
        await sandbox.ReadLineAsync(Timeout);
        var urlLine = await sandbox.ReadLineAsync(Timeout);

        var namespaces = await new Testing.Kubectl(kubeconfig, Path.Combine(_directory, "cache")).SucceedAsync("get", "namespaces", "-o", "name");

        Assert.Matches(@"Kubernetes API: http://127\.0\.0\.1:[1-9][0-9]*$", urlLine);
        Assert.Contains("namespace/default", namespaces, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--kube-port")]
    [InlineData("--aws-port")]
    [InlineData("--mux-port")]
    [InlineData("--operator-port")]
    [InlineData("--webhook-port")]
    public async Task A_port_in_use_stops_it_with_one_line_naming_the_flag_and_writes_no_kubeconfig(string flag)
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var ports = new Dictionary<string, string> { ["--kube-port"] = "0", ["--aws-port"] = "0", ["--mux-port"] = "0", ["--operator-port"] = "0", ["--webhook-port"] = "0" };
        ports[flag] = port;
        var kubeconfig = Path.Combine(_directory, "sandbox.kubeconfig");

        await using var sandbox = RunningProcess.Start("dotnet", [SandboxDll, .. ports.SelectMany(p => new[] { p.Key, p.Value }), "--kubeconfig", kubeconfig]);
        var exitCode = await sandbox.WaitForExitAsync(Timeout);

        Assert.Equal(1, exitCode);
        var line = Assert.Single(sandbox.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal($"airwave-sandbox: 127.0.0.1:{port} is already in use; choose another port with {flag} (0 picks a free one)", line);
        Assert.Empty(sandbox.ReadAvailableLines());
        Assert.False(File.Exists(kubeconfig), "no kubeconfig points at a sandbox that did not start");
    }

    [Fact]
    public async Task A_mux_webhook_off_loopback_stops_it_with_one_line()
    {
        await using var sandbox = RunningProcess.Start("dotnet", [SandboxDll, "--kube-port", "0", "--aws-port", "0", "--mux-webhook", "https://hooks.example.com/mux", "--kubeconfig", Path.Combine(_directory, "sandbox.kubeconfig")]);

        Assert.Equal(2, await sandbox.WaitForExitAsync(Timeout));
        Assert.Equal(
            "airwave-sandbox: --mux-webhook https://hooks.example.com/mux is not an http(s) URL on a loopback address; the sandbox sends nothing elsewhere",
            Assert.Single(sandbox.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
    }

    [Fact]
    public async Task The_quick_start_refuses_a_bad_manifest_at_apply_as_a_cluster_with_airwaves_webhook_does()
    {
        var kubeconfig = Path.Combine(_directory, "sandbox.kubeconfig");
        await using var sandbox = RunningProcess.Start("dotnet", [SandboxDll, "--kube-port", "0", "--aws-port", "0", "--aws-delay", "0.1", "--kubeconfig", kubeconfig]);
        var printed = await sandbox.ReadUntilAsync(line => line.Contains("Admission webhook", StringComparison.Ordinal), Timeout);
        var kubectl = new Testing.Kubectl(kubeconfig, Path.Combine(_directory, "cache"));

        var bad = await kubectl.RunWithInputAsync("apiVersion: media.airwave.dev/v1alpha1\nkind: LiveStream\nmetadata: { name: meeting }\nspec: { source: { type: Chime } }\n", ["apply", "-f", "-"]);
        var good = await kubectl.RunAsync("apply", "-f", Repository.Path("examples", "livestream-rtmp.yaml"));
        var terminate = await ProcessRunner.RunAsync("/bin/kill", ["-TERM", sandbox.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], Timeout);

        Assert.Equal("Sandbox ready", printed[0]);
        Assert.Matches(@"Admission webhook \(ValidatingWebhookConfiguration airwave-validation\): https://127\.0\.0\.1:[1-9][0-9]*/validate$", printed[^1]);
        Assert.NotEqual(0, bad.ExitCode);
        // The same words kubectl shows for a schema error: the field, then what is wrong with it.
        Assert.Contains("The LiveStream \"meeting\" is invalid: spec.source.chime: Required value: spec.source.type Chime needs the meeting to join (meetingUrl)", bad.StandardError, StringComparison.Ordinal);
        Assert.True(good.ExitCode == 0, good.ToString());
        Assert.Equal(0, terminate.ExitCode);
        Assert.Equal(0, await sandbox.WaitForExitAsync(Timeout));
    }

    [Fact]
    public async Task With_no_operator_the_operator_started_as_printed_provisions_a_stream_and_the_printed_aws_command_sees_it()
    {
        var kubeconfig = Path.Combine(_directory, "sandbox.kubeconfig");
        await using var sandbox = RunningProcess.Start("dotnet", [SandboxDll, "--kube-port", "0", "--aws-port", "0", "--aws-delay", "0.1", "--kubeconfig", kubeconfig, "--no-operator"]);
        var printed = await sandbox.ReadUntilAsync(line => line.Contains("medialive list-channels", StringComparison.Ordinal), Timeout);

        Assert.Equal("Sandbox ready", printed[0]);
        Assert.DoesNotContain(printed, line => line.TrimStart().StartsWith("Operator ", StringComparison.Ordinal));
        var exports = Exports(printed);
        Assert.Equal(["AWS_ACCESS_KEY_ID", "AWS_DEFAULT_REGION", "AWS_SECRET_ACCESS_KEY", "KUBECONFIG"], exports.Keys.Order(StringComparer.Ordinal));
        var kubectl = new Testing.Kubectl(kubeconfig, Path.Combine(_directory, "cache"));
        Assert.Contains("livestreams.media.airwave.dev", await kubectl.SucceedAsync("get", "crds", "-o", "name"), StringComparison.Ordinal);

        // The printed operator command, with the exported AWS credentials, run from the operator's build.
        var operatorCommand = printed.Single(line => line.Contains("dotnet run --project operator/Airwave.Operator -- ", StringComparison.Ordinal)).Trim();
        var arguments = operatorCommand[(operatorCommand.IndexOf(" -- ", StringComparison.Ordinal) + 4)..].Split(' ');
        var operatorPort = LoopbackPorts.Reserve();
        Assert.Equal("http://127.0.0.1:0", arguments[^1]);
        arguments[^1] = $"http://127.0.0.1:{operatorPort}";
        await using var @operator = OperatorExecutable.Start([ProgramBuild.Operator.Program, .. arguments], exports, _directory);
        await OperatorExecutable.WaitReadyAsync(@operator, new Uri($"http://127.0.0.1:{operatorPort}"), Timeout);
        await kubectl.SucceedAsync("apply", "-f", Repository.Path("examples", "livestream-rtmp.yaml"));
        await Eventually.MatchAsync(
            () => kubectl.SucceedAsync("get", "livestream", "workshop-a", "-o", "jsonpath={.status.phase}"), phase => phase == "Running", Timeout, "the stream runs");

        // The printed Mux API answers the printed access token: a missing asset is Mux's not_found, not unauthorized.
        var muxApi = printed.Single(line => line.TrimStart().StartsWith("Mux API: ", StringComparison.Ordinal)).Trim()["Mux API: ".Length..];
        var token = Exports(printed.Where(line => line.TrimStart().StartsWith("Mux access token: ", StringComparison.Ordinal)).Select(line => "export " + line.Trim()["Mux access token: ".Length..].Split(" (")[0]));
        using (var http = new HttpClient())
        using (var request = new HttpRequestMessage(HttpMethod.Get, $"{muxApi}/video/v1/assets/missing"))
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{token["MUX_TOKEN_ID"]}:{token["MUX_TOKEN_SECRET"]}")));
            using var response = await http.SendAsync(request);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("not_found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var aws = printed.Single(line => line.TrimStart().StartsWith("aws ", StringComparison.Ordinal)).Trim().Split(' ');
        var channels = await ProcessRunner.RunAsync("/usr/bin/env", [.. exports.Select(e => $"{e.Key}={e.Value}"), "/usr/bin/aws", .. aws[1..], "--output", "json"], Timeout);
        Assert.True(channels.ExitCode == 0, channels.ToString());
        Assert.Contains("\"State\": \"RUNNING\"", channels.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_c_after_a_pushed_stream_stops_it_cleanly_leaving_no_temp_folders_and_only_log_lines()
    {
        // The sandbox's temp folders (pipelines, pods, the operator's) go to a folder of the test's own.
        var temp = Directory.CreateDirectory(Path.Combine(_directory, "tmp")).FullName;
        var kubeconfig = Path.Combine(_directory, "sandbox.kubeconfig");
        await using var sandbox = RunningProcess.Start("dotnet", [SandboxDll, "--kube-port", "0", "--aws-port", "0", "--aws-delay", "0.1", "--kubeconfig", kubeconfig], new Dictionary<string, string> { ["TMPDIR"] = temp });
        await sandbox.ReadUntilAsync(line => line.Contains("Admission webhook", StringComparison.Ordinal), Timeout);
        var kubectl = new Testing.Kubectl(kubeconfig, Path.Combine(_directory, "cache"));
        await kubectl.SucceedAsync("apply", "-f", Repository.Path("examples", "livestream-rtmp.yaml"));
        await Eventually.MatchAsync(
            () => kubectl.SucceedAsync("get", "livestream", "workshop-a", "-o", "jsonpath={.status.phase}"), phase => phase == "Running", Timeout, "the stream runs");
        var ingest = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(await kubectl.SucceedAsync("get", "secret", "workshop-a-ingest", "-o", "jsonpath={.data.primaryUrl}")));
        var pushed = await TestMedia.PushRtmpAsync(ingest, seconds: 3);
        var whileRunning = Directory.GetDirectories(temp).Select(Path.GetFileName).ToList();

        // Ctrl-C while the channel runs: its pipelines, the operator and every server stop.
        var interrupt = await ProcessRunner.RunAsync("/bin/kill", ["-INT", sandbox.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], Timeout);
        var exitCode = await sandbox.WaitForExitAsync(Timeout);

        Assert.True(pushed.ExitCode == 0, pushed.ToString());
        Assert.Equal((0, 0), (interrupt.ExitCode, exitCode));
        Assert.Contains(whileRunning, name => name!.StartsWith("airwave-ingest-", StringComparison.Ordinal));
        Assert.Empty(Directory.GetDirectories(temp));
        // Standard error holds the services' logs, one line each as the README says (time, level, category), and
        // nothing else: no stack trace lines, no complaints of kill(1) about processes already gone.
        var lines = sandbox.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.Matches(@"^\d\d:\d\d:\d\d (trce|dbug|info|warn|fail|crit): [A-Za-z0-9_.`]+\[-?\d+\] ", line));
        Assert.Contains(lines, line => line.Contains(" Airwave.Operator.", StringComparison.Ordinal));
    }

    private static string SandboxDll => Path.Combine(AppContext.BaseDirectory, "airwave-sandbox.dll");

    /// <summary>The variables of the printed `export A=1 B=2` lines.</summary>
    private static Dictionary<string, string> Exports(IEnumerable<string> lines) =>
        lines.Select(l => l.Trim()).Where(l => l.StartsWith("export ", StringComparison.Ordinal))
            .SelectMany(l => l["export ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(a => a[..a.IndexOf('=', StringComparison.Ordinal)], a => a[(a.IndexOf('=', StringComparison.Ordinal) + 1)..]);

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
