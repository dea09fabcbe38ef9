namespace Airwave.Sandbox.Kubernetes.Tests.Pods;

/// <summary>`kubectl exec` and `kubectl cp` into a running pod, over the WebSocket streams kubectl 1.30+ speaks.</summary>
public sealed class ExecTests(KubeletSandbox sandbox) : IClassFixture<KubeletSandbox>, IAsyncLifetime
{
    private readonly string _ns = "x-" + Guid.NewGuid().ToString("N")[..8];
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("airwave-exec-");

    private Testing.Kubectl Kubectl => sandbox.Fixture.Kubectl;

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

    [Fact]
    public async Task Exec_passes_stdout_stderr_and_the_commands_exit_code_through()
    {
        var ran = await Kubectl.RunAsync("exec", "shell", "-n", _ns, "--", "sh", "-c", "echo out; echo err >&2; exit 3");
        var succeeded = await Kubectl.RunAsync("exec", "shell", "-n", _ns, "--", "sh", "-c", "echo \"$HOSTNAME\"");

        Assert.Equal(3, ran.ExitCode);
        Assert.Equal("out\n", ran.StandardOutput);
        Assert.Contains("err\n", ran.StandardError, StringComparison.Ordinal);
        Assert.Contains("command terminated with exit code 3", ran.StandardError, StringComparison.Ordinal);
        Assert.True(succeeded.ExitCode == 0, succeeded.ToString());
        Assert.Equal("shell\n", succeeded.StandardOutput);
    }

    [Fact]
    public async Task Exec_with_stdin_hands_the_command_what_kubectl_reads_until_its_end()
    {
        var echoed = await Kubectl.RunWithInputAsync("first line\nsecond line\n", ["exec", "-i", "shell", "-n", _ns, "--", "sh", "-c", "cat; echo done"]);

        Assert.True(echoed.ExitCode == 0, echoed.ToString());
        Assert.Equal("first line\nsecond line\ndone\n", echoed.StandardOutput);
    }

    [Fact]
    public async Task Kubectl_cp_copies_a_file_into_the_pod_and_back_out()
    {
        var local = Path.Combine(_work.FullName, "notes.txt");
        var content = string.Join('\n', Enumerable.Range(1, 2000).Select(i => $"line {i}")) + "\n";
        await File.WriteAllTextAsync(local, content);
        var inPod = Path.Combine(_work.FullName, "in-pod", "notes.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(inPod)!);

        var copiedIn = await Kubectl.RunAsync("cp", local, $"{_ns}/shell:{inPod}");
        var back = Path.Combine(_work.FullName, "back.txt");
        var copiedOut = await Kubectl.RunAsync("cp", $"{_ns}/shell:{inPod}", back);

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
