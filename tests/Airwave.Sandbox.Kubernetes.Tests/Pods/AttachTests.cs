using Airwave.Sandbox.Kubernetes.Tests.Infrastructure;

namespace Airwave.Sandbox.Kubernetes.Tests.Pods;

/// <summary>
/// `kubectl attach` and `kubectl run -i` / `-it` to a container's own streams, over WebSocket and SPDY; a terminal of
/// kubectl's size for `-t`; the official C# client's attach; who may attach.
/// </summary>
public sealed class AttachTests(KubeletSandbox sandbox) : IClassFixture<KubeletSandbox>, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _ns = "at-" + Guid.NewGuid().ToString("N")[..8];

    private Testing.Kubectl Kubectl => sandbox.Fixture.Kubectl;

    private Testing.Kubectl Over(string transport) => Kubectl.With("KUBECTL_REMOTE_COMMAND_WEBSOCKETS", transport == "WebSocket" ? "true" : "false");

    public Task InitializeAsync() => Kubectl.SucceedAsync("create", "namespace", _ns);

    public async Task DisposeAsync() => await Kubectl.RunAsync("delete", "namespace", _ns, "--wait=false");

    [Theory]
    [InlineData("WebSocket")]
    [InlineData("SPDY")]
    public async Task Kubectl_run_i_hands_the_container_its_input_shows_its_output_and_removes_the_pod(string transport)
    {
        var name = "reader-" + transport.ToLowerInvariant();

        var ran = await Over(transport).RunWithInputAsync("hello\n", ["run", name, "-n", _ns, "-i", "--rm", "--image=debian", "--restart=Never", "--", "sh", "-c", "read line; echo \"got $line\"; exit 3"]);
        var left = await Kubectl.SucceedAsync("get", "pods", "-n", _ns, "-o", "name");

        Assert.Contains("got hello\n", ran.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(3, ran.ExitCode);
        Assert.DoesNotContain(name, left, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("WebSocket")]
    [InlineData("SPDY")]
    public async Task Kubectl_attach_shows_what_the_container_writes_from_then_on_until_it_ends(string transport)
    {
        var name = "ticker-" + transport.ToLowerInvariant();
        await Kubectl.SucceedAsync("run", name, "-n", _ns, "--image=debian", "--restart=Never", "--", "sh", "-c", "sleep 2; for i in 1 2 3 4 5; do echo tick $i; echo tock $i >&2; sleep 0.2; done");
        await PodStatus.WaitForAsync(Kubectl, _ns, name, p => PodStatus.Phase(p) == "Running");

        var attached = await Over(transport).RunAsync("attach", name, "-n", _ns);

        Assert.True(attached.ExitCode == 0, attached.ToString());
        Assert.Contains("tick 5\n", attached.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("tock 5\n", attached.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("WebSocket")]
    [InlineData("SPDY")]
    public async Task Kubectl_run_it_gives_the_container_a_terminal_of_kubectls_size(string transport)
    {
        // What is typed waits on kubectl's terminal until kubectl has attached and reads it; the container's shell
        // waits for it, so nothing it prints is written before kubectl is there to see it. kubectl sends a size one
        // larger first (to make programs redraw), then its own, alongside what was typed: the shell waits (up to 5 s)
        // for its own.
        var name = "term-" + transport.ToLowerInvariant();
        var (exitCode, output) = await KubectlTerminal.RunAsync(
            Kubectl,
            ["run", name, "-n", _ns, "-it", "--rm", "--image=debian", "--restart=Never", "--", "sh", "-c", "'read typed; for i in $(seq 50); do [ \"$(stty size)\" = \"30 100\" ] && break; sleep 0.1; done; stty size; tty; echo \"got $typed\"; exit 4'"],
            transport,
            typed: "hi\r");

        var lines = output.Split("\r\n");
        Assert.True(exitCode == 4, output);
        Assert.Contains("30 100", lines);
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, "^/dev/pts/[0-9]+$"));
        Assert.Contains("got hi", lines);
    }

    [Fact]
    public async Task The_official_csharp_clients_attach_writes_to_the_containers_stdin_and_reads_its_stdout()
    {
        var applied = await Kubectl.RunWithInputAsync("""
            apiVersion: v1
            kind: Pod
            metadata: { name: echo }
            spec:
              containers:
              - name: echo
                image: debian
                stdin: true
                command: ["sh", "-c", "while read line; do echo \"echo $line\"; done"]
            """, ["apply", "-n", _ns, "-f", "-"]);
        Assert.True(applied.ExitCode == 0, applied.ToString());
        await PodStatus.WaitForAsync(Kubectl, _ns, "echo", p => PodStatus.Phase(p) == "Running");
        var configuration = k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(sandbox.Fixture.KubeconfigPath);
        using var client = new k8s.Kubernetes(configuration);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var socket = await client.WebSocketNamespacedPodAttachAsync("echo", _ns, "echo", stderr: true, stdin: true, stdout: true, tty: false, cancellationToken: timeout.Token);
        using var demuxer = new k8s.StreamDemuxer(socket);
        demuxer.Start();
        using var stdin = demuxer.GetStream((byte?)null, (byte)0);
        using var stdout = new StreamReader(demuxer.GetStream((byte)1, null));
        await stdin.WriteAsync("ping\n"u8.ToArray(), timeout.Token);
        var first = await stdout.ReadLineAsync(timeout.Token);
        await stdin.WriteAsync("pong\n"u8.ToArray(), timeout.Token);
        var second = await stdout.ReadLineAsync(timeout.Token);

        Assert.Equal("echo ping", first);
        Assert.Equal("echo pong", second);
    }

    [Fact]
    public async Task Attach_needs_create_on_pods_attach_and_stdin_the_container_was_started_with()
    {
        await Kubectl.SucceedAsync("create", "serviceaccount", "viewer", "-n", _ns);
        await Kubectl.SucceedAsync("create", "role", "pod-reader", "-n", _ns, "--verb=get,list", "--resource=pods,pods/attach");
        await Kubectl.SucceedAsync("create", "rolebinding", "viewer-reads", "-n", _ns, "--role=pod-reader", $"--serviceaccount={_ns}:viewer");
        await Kubectl.SucceedAsync("run", "quiet", "-n", _ns, "--image=debian", "--restart=Never", "--", "sleep", "600");
        await PodStatus.WaitForAsync(Kubectl, _ns, "quiet", p => PodStatus.Phase(p) == "Running");

        var forbidden = await sandbox.Fixture.KubectlAs(_ns, "viewer").RunAsync("attach", "quiet", "-n", _ns);
        var withoutStdin = await Kubectl.RunWithInputAsync("x\n", ["attach", "-i", "quiet", "-n", _ns]);

        Assert.NotEqual(0, forbidden.ExitCode);
        Assert.Contains("cannot create resource \"pods/attach\"", forbidden.StandardError, StringComparison.Ordinal);
        Assert.NotEqual(0, withoutStdin.ExitCode);
        Assert.Contains("stdin", withoutStdin.StandardError, StringComparison.Ordinal);
    }
}
