using Airwave.Sandbox.Kubernetes.Tests.Infrastructure;

namespace Airwave.Sandbox.Kubernetes.Tests.Pods;

/// <summary>
/// `kubectl exec` and `kubectl cp` into a running pod, over the WebSocket streams kubectl 1.30+ speaks and over SPDY
/// (what it falls back to, and older clients speak); a terminal for `exec -t`; the official clients' exec.
/// </summary>
public sealed class ExecTests(KubeletSandbox sandbox) : IClassFixture<KubeletSandbox>, IAsyncLifetime
{
    private readonly string _ns = "x-" + Guid.NewGuid().ToString("N")[..8];
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("airwave-exec-");

    private Testing.Kubectl Kubectl => sandbox.Fixture.Kubectl;

    /// <summary>kubectl speaking WebSocket (its default) or, switched off, SPDY.</summary>
    private Testing.Kubectl Over(string transport) => Kubectl.With("KUBECTL_REMOTE_COMMAND_WEBSOCKETS", transport == "WebSocket" ? "true" : "false");

    public async Task InitializeAsync()
    {
        await Kubectl.SucceedAsync("create", "namespace", _ns);
        await Kubectl.SucceedAsync("run", "shell", "-n", _ns, "--image=busybox", "--restart=Never", "--", "sh", "-c", "sleep 600");
        await PodStatus.WaitForAsync(Kubectl, _ns, "shell", p => PodStatus.Phase(p) == "Running");
    }

    public async Task DisposeAsync()
    {
        await Kubectl.SucceedAsync("delete", "namespace", _ns, "--wait=false");
        _work.Delete(recursive: true);
    }

    [Theory]
    [InlineData("WebSocket")]
    [InlineData("SPDY")]
    public async Task Exec_passes_stdout_stderr_and_the_commands_exit_code_through(string transport)
    {
        var ran = await Over(transport).RunAsync("exec", "shell", "-n", _ns, "--", "sh", "-c", "echo out; echo err >&2; exit 3");
        var succeeded = await Over(transport).RunAsync("exec", "shell", "-n", _ns, "--", "sh", "-c", "echo \"$HOSTNAME\"");

        Assert.Equal(3, ran.ExitCode);
        Assert.Equal("out\n", ran.StandardOutput);
        Assert.Contains("err\n", ran.StandardError, StringComparison.Ordinal);
        Assert.Contains("command terminated with exit code 3", ran.StandardError, StringComparison.Ordinal);
        Assert.True(succeeded.ExitCode == 0, succeeded.ToString());
        Assert.Equal("shell\n", succeeded.StandardOutput);
    }

    [Theory]
    [InlineData("WebSocket")]
    [InlineData("SPDY")]
    public async Task Exec_with_stdin_hands_the_command_what_kubectl_reads_until_its_end(string transport)
    {
        var echoed = await Over(transport).RunWithInputAsync("first line\nsecond line\n", ["exec", "-i", "shell", "-n", _ns, "--", "sh", "-c", "cat; echo done"]);

        Assert.True(echoed.ExitCode == 0, echoed.ToString());
        Assert.Equal("first line\nsecond line\ndone\n", echoed.StandardOutput);
    }

    [Theory]
    [InlineData("WebSocket")]
    [InlineData("SPDY")]
    public async Task Kubectl_cp_copies_a_file_into_the_pod_and_back_out(string transport)
    {
        var local = Path.Combine(_work.FullName, "notes.txt");
        var content = string.Join('\n', Enumerable.Range(1, 2000).Select(i => $"line {i}")) + "\n";
        await File.WriteAllTextAsync(local, content);
        var inPod = Path.Combine(_work.FullName, "in-pod", "notes.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(inPod)!);

        var copiedIn = await Over(transport).RunAsync("cp", local, $"{_ns}/shell:{inPod}");
        var back = Path.Combine(_work.FullName, "back.txt");
        var copiedOut = await Over(transport).RunAsync("cp", $"{_ns}/shell:{inPod}", back);

        Assert.True(copiedIn.ExitCode == 0, copiedIn.ToString());
        Assert.True(copiedOut.ExitCode == 0, copiedOut.ToString());
        Assert.Equal(content, await File.ReadAllTextAsync(back));
    }

    [Fact]
    public async Task The_official_csharp_clients_exec_gets_the_output_and_the_exit_code_over_v4()
    {
        var configuration = k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(sandbox.Fixture.KubeconfigPath);
        using var client = new k8s.Kubernetes(configuration);
        string? output = null;

        var exitCode = await client.NamespacedPodExecAsync(
            "shell",
            _ns,
            "shell",
            ["sh", "-c", "read line; echo \"got $line\"; exit 5"],
            tty: false,
            async (stdin, stdout, stderr) =>
            {
                await stdin.WriteAsync("hello\n"u8.ToArray());
                await stdin.FlushAsync();
                using var reader = new StreamReader(stdout);
                output = await reader.ReadLineAsync();
            },
            CancellationToken.None);

        Assert.Equal("got hello", output);
        Assert.Equal(5, exitCode);
    }

    [Theory]
    [InlineData("WebSocket")]
    [InlineData("SPDY")]
    public async Task Exec_with_a_tty_runs_the_command_on_a_terminal_of_kubectls_size(string transport)
    {
        var (exitCode, output) = await KubectlTerminal.RunAsync(Kubectl, ["exec", "-it", "shell", "-n", _ns, "--", "sh", "-c", "'stty size; tty; echo err >&2; exit 4'"], transport);

        var lines = output.Split("\r\n");
        Assert.True(exitCode == 4, output);
        Assert.Equal("30 100", lines[0]);
        Assert.Matches("^/dev/pts/[0-9]+$", lines[1]);
        Assert.Equal("err", lines[2]);
    }

    [Fact]
    public async Task A_resize_from_the_csharp_client_reaches_the_command_on_its_terminal()
    {
        var configuration = k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(sandbox.Fixture.KubeconfigPath);
        using var client = new k8s.Kubernetes(configuration);
        using var socket = await client.WebSocketNamespacedPodExecAsync(
            "shell", _ns, ["sh", "-c", "trap 'stty size' WINCH; stty size; while :; do sleep 1; done"], "shell", stderr: true, stdin: true, stdout: true, tty: true);
        using var demuxer = new k8s.StreamDemuxer(socket);
        demuxer.Start();
        using var resize = demuxer.GetStream(null, (byte)4);
        using var output = new StreamReader(demuxer.GetStream((byte)1, null));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        await resize.WriteAsync("{\"Width\":80,\"Height\":24}"u8.ToArray(), timeout.Token);
        var first = await output.ReadLineAsync(timeout.Token);
        await resize.WriteAsync("{\"Width\":120,\"Height\":40}"u8.ToArray(), timeout.Token);
        var resized = await output.ReadLineAsync(timeout.Token);

        Assert.Equal("24 80", first?.TrimEnd('\r'));
        Assert.Equal("40 120", resized?.TrimEnd('\r'));
    }

    [Fact]
    public async Task The_official_python_clients_stream_exec_gets_stdout_stderr_and_the_exit_code()
    {
        var result = await Testing.ProcessRunner.RunAsync(
            "/usr/bin/python3",
            [Infrastructure.Manifests.Path("pod_streams.py"), sandbox.Fixture.KubeconfigPath, _ns, "shell", "exec"],
            TimeSpan.FromSeconds(30));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["STDOUT got hello", "STDERR oops", "EXIT 7"], result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Exec_needs_create_on_pods_exec_and_a_completed_pod_refuses_it()
    {
        await Kubectl.SucceedAsync("create", "serviceaccount", "viewer", "-n", _ns);
        await Kubectl.SucceedAsync("create", "role", "pod-reader", "-n", _ns, "--verb=get,list", "--resource=pods,pods/exec");
        await Kubectl.SucceedAsync("create", "rolebinding", "viewer-reads", "-n", _ns, "--role=pod-reader", $"--serviceaccount={_ns}:viewer");
        await Kubectl.SucceedAsync("run", "done", "-n", _ns, "--image=busybox", "--restart=Never", "--", "true");
        await PodStatus.WaitForAsync(Kubectl, _ns, "done", p => PodStatus.Phase(p) == "Succeeded");

        var forbidden = await sandbox.Fixture.KubectlAs(_ns, "viewer").RunAsync("exec", "shell", "-n", _ns, "--", "true");
        var completed = await Kubectl.RunAsync("exec", "done", "-n", _ns, "--", "true");

        Assert.NotEqual(0, forbidden.ExitCode);
        Assert.Contains("cannot create resource \"pods/exec\"", forbidden.StandardError, StringComparison.Ordinal);
        Assert.NotEqual(0, completed.ExitCode);
        Assert.Contains("cannot exec into a container in a completed pod; current phase is Succeeded", completed.StandardError, StringComparison.Ordinal);
    }
}
