using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Airwave.Sandbox.Kubernetes.Tests.Pods;

/// <summary>
/// `kubectl port-forward` to a pod and to a Service, over the WebSocket tunnel kubectl 1.31+ opens and over plain
/// SPDY (what it falls back to, and what older clients use), and the official C# client's port forwarding.
/// </summary>
public sealed partial class PortForwardTests(KubeletSandbox sandbox) : IClassFixture<KubeletSandbox>, IAsyncLifetime
{
    // A web server in the pod, keeping connections open (HTTP/1.1): GET /bytes/N answers N bytes of a pattern, POST
    // echoes its body, anything else says hello.
    private const string Server = """
        import http.server, os
        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def reply(self, body):
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def do_GET(self):
                if self.path.startswith("/bytes/"):
                    self.reply(bytes(i % 251 for i in range(int(self.path[7:]))))
                else:
                    self.reply(("hello from " + os.environ["HOSTNAME"] + " at " + self.path + "\n").encode())
            def do_POST(self):
                self.reply(self.rfile.read(int(self.headers["Content-Length"])))
        http.server.ThreadingHTTPServer((os.environ["POD_IP"], 8080), Handler).serve_forever()
        """;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly string _ns = "pf-" + Guid.NewGuid().ToString("N")[..8];

    private Testing.Kubectl Kubectl => sandbox.Fixture.Kubectl;

    public async Task InitializeAsync()
    {
        await Kubectl.SucceedAsync("create", "namespace", _ns);
        var manifest = $$"""
            apiVersion: v1
            kind: Pod
            metadata: { name: web, labels: { app: web } }
            spec:
              containers:
              - name: web
                image: debian
                command: ["python3", "-c", {{System.Text.Json.JsonSerializer.Serialize(Server)}}]
                env:
                - name: POD_IP
                  valueFrom: { fieldRef: { fieldPath: status.podIP } }
                ports: [{ name: http, containerPort: 8080 }]
                readinessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 1 }
            ---
            apiVersion: v1
            kind: Service
            metadata: { name: web }
            spec:
              selector: { app: web }
              ports: [{ port: 9000, targetPort: http }]
            """;
        var applied = await Kubectl.RunWithInputAsync(manifest, ["apply", "-n", _ns, "-f", "-"]);
        Assert.True(applied.ExitCode == 0, applied.ToString());
        await PodStatus.WaitForAsync(Kubectl, _ns, "web", p => p["status"]?["conditions"]?.AsArray().Any(c => (string?)c?["type"] == "Ready" && (string?)c["status"] == "True") == true);
    }

    public async Task DisposeAsync() => await Kubectl.SucceedAsync("delete", "namespace", _ns, "--wait=false");

    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    public async Task Kubectl_forwards_a_local_port_to_the_pod_both_ways(string overWebSocket)
    {
        await using var forward = await StartAsync("pod/web", "8080", overWebSocket);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{forward.LocalPort}"), Timeout = Timeout };

        var hello = await http.GetStringAsync("/hello");
        var large = await http.GetByteArrayAsync("/bytes/1000000");
        var sent = RandomNumberGenerator.GetBytes(300_000);
        using var posted = await http.PostAsync("/echo", new ByteArrayContent(sent) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } });
        var echoed = await posted.Content.ReadAsByteArrayAsync();
        var together = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => http.GetStringAsync($"/together/{i}")));

        Assert.Equal("hello from web at /hello\n", hello);
        Assert.Equal(Enumerable.Range(0, 1_000_000).Select(i => (byte)(i % 251)), large);
        Assert.Equal(sent, echoed);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"hello from web at /together/{i}\n"), together);
    }

    [Fact]
    public async Task Kubectl_forwards_a_services_port_to_its_pods_target_port()
    {
        await using var forward = await StartAsync("svc/web", "9000", "true");
        using var http = new HttpClient { Timeout = Timeout };

        var hello = await http.GetStringAsync($"http://127.0.0.1:{forward.LocalPort}/through-the-service");

        Assert.Equal("hello from web at /through-the-service\n", hello);
        Assert.Contains("-> 8080", forward.Banner, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_nobody_listens_on_is_reported_by_kubectl()
    {
        await using var forward = await StartAsync("pod/web", "9999", "true");
        using var http = new HttpClient { Timeout = Timeout };

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync($"http://127.0.0.1:{forward.LocalPort}/"));
        var exitCode = await forward.Process.WaitForExitAsync(Timeout);

        Assert.NotEqual(0, exitCode);
        Assert.Matches(@"error forwarding port 9999 to pod pf-\w+/web, uid [0-9a-f-]+: failed to connect to 127\.[0-9.]+:9999 in the pod: Connection refused", forward.Process.StandardError);
    }

    [Fact]
    public async Task Port_forwarding_needs_create_on_pods_portforward()
    {
        await Kubectl.SucceedAsync("create", "serviceaccount", "viewer", "-n", _ns);
        await Kubectl.SucceedAsync("create", "role", "pod-reader", "-n", _ns, "--verb=get,list", "--resource=pods,pods/portforward");
        await Kubectl.SucceedAsync("create", "rolebinding", "viewer-reads", "-n", _ns, "--role=pod-reader", $"--serviceaccount={_ns}:viewer");

        var refused = await sandbox.Fixture.KubectlAs(_ns, "viewer").RunAsync("port-forward", "-n", _ns, "pod/web", ":8080", "--address", "127.0.0.1");

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("cannot create resource \"pods/portforward\"", refused.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_official_csharp_clients_port_forward_reaches_the_pod_over_v4_channels()
    {
        var configuration = k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(sandbox.Fixture.KubeconfigPath);
        using var client = new k8s.Kubernetes(configuration);
        using var socket = await client.WebSocketNamespacedPodPortForwardAsync("web", _ns, [8080], "v4.channel.k8s.io");
        using var demuxer = new k8s.StreamDemuxer(socket, k8s.StreamType.PortForward);
        demuxer.Start();
        using var stream = demuxer.GetStream((byte?)0, (byte?)0);

        await stream.WriteAsync("GET /from-csharp HTTP/1.0\r\n\r\n"u8.ToArray());
        var response = new StringBuilder();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(Timeout);
        int read;
        while (!response.ToString().EndsWith('\n') | !response.ToString().Contains("hello", StringComparison.Ordinal)
            && (read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
        {
            response.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        Assert.StartsWith("HTTP/1.1 200 OK", response.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nhello from web at /from-csharp\n", response.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_official_python_clients_port_forward_reaches_the_pod()
    {
        var result = await Testing.ProcessRunner.RunAsync(
            "/usr/bin/python3",
            [Infrastructure.Manifests.Path("pod_streams.py"), sandbox.Fixture.KubeconfigPath, _ns, "web", "portforward", "8080", "/from-python"],
            Timeout);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["BODY hello from web at /from-python", "ERROR None"], result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>`kubectl port-forward TARGET :PORT` on a free local port, once it says where it listens.</summary>
    private async Task<Forward> StartAsync(string target, string port, string overWebSocket)
    {
        var process = Kubectl.With("KUBECTL_PORT_FORWARD_WEBSOCKETS", overWebSocket).Start("port-forward", "-n", _ns, target, ":" + port, "--address", "127.0.0.1");
        var banner = await process.ReadLineAsync(Timeout);
        var local = ForwardingFrom().Match(banner);
        Assert.True(local.Success, banner);
        return new Forward(process, int.Parse(local.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), banner);
    }

    [GeneratedRegex(@"^Forwarding from 127\.0\.0\.1:(\d+) -> \d+$")]
    private static partial Regex ForwardingFrom();

    private sealed record Forward(Testing.RunningProcess Process, int LocalPort, string Banner) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Process.DisposeAsync();
    }
}
