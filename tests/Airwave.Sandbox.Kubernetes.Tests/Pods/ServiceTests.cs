using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Tests.Pods;

/// <summary>
/// Services as on a cluster: a cluster IP from the service range that really answers on this machine, spreading
/// connections over the ready pods; node ports; a load balancer's address; the address kept, refused when taken or
/// out of range, and refused when changed.
/// </summary>
public sealed class ServiceTests(KubeletSandbox sandbox) : IClassFixture<KubeletSandbox>, IAsyncLifetime
{
    // Answers every request with the pod's name.
    private const string Server = """
        import http.server, os
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = os.environ["HOSTNAME"].encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
        http.server.ThreadingHTTPServer((os.environ["POD_IP"], 8080), Handler).serve_forever()
        """;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _ns = "svc-" + Guid.NewGuid().ToString("N")[..8];

    private Testing.Kubectl Kubectl => sandbox.Fixture.Kubectl;

    private string Range => sandbox.Fixture.Server.ServiceRange.ToString();

    public Task InitializeAsync() => Kubectl.SucceedAsync("create", "namespace", _ns);

    public async Task DisposeAsync() => await Kubectl.RunAsync("delete", "namespace", _ns, "--wait=false");

    [Fact]
    public async Task A_cluster_ip_spreads_connections_over_the_ready_pods_and_refuses_without_one()
    {
        await ApplyAsync(Web("web", replicas: 2) + """
            ---
            apiVersion: v1
            kind: Service
            metadata: { name: web }
            spec:
              selector: { app: web }
              ports: [{ port: 80, targetPort: http }]
            """);
        await Kubectl.SucceedAsync("rollout", "status", "deployment/web", "-n", _ns, "--timeout=60s");
        var svc = JsonNode.Parse(await Kubectl.SucceedAsync("get", "service", "web", "-n", _ns, "-o", "json"))!;
        var clusterIp = (string)svc["spec"]!["clusterIP"]!;
        var table = await Kubectl.SucceedAsync("get", "service", "web", "-n", _ns, "-o", "wide");

        // Both pods answer once both are endpoints (the slice follows readiness a moment later).
        var answered = await Eventually.MatchAsync(
            () => AnswersAsync($"http://{clusterIp}/", 40),
            names => names.Count == 2,
            Timeout,
            "both pods answering at the cluster IP");
        await Kubectl.SucceedAsync("scale", "deployment/web", "-n", _ns, "--replicas=0");
        var refused = await Eventually.MatchAsync<SocketError?>(
            () => ConnectErrorAsync(IPAddress.Parse(clusterIp), 80),
            error => error is not null,
            Timeout,
            "connections refused once no pod is left");

        Assert.True(IPNetwork.Parse(Range).Contains(IPAddress.Parse(clusterIp)), $"{clusterIp} in {Range}");
        Assert.Equal(clusterIp, (string?)svc["spec"]!["clusterIPs"]![0]);
        Assert.Equal("TCP", (string?)svc["spec"]!["ports"]![0]!["protocol"]);
        Assert.Matches($@"web\s+ClusterIP\s+{System.Text.RegularExpressions.Regex.Escape(clusterIp)}\s+<none>\s+80/TCP\s+\S+\s+app=web", table);
        Assert.All(answered, name => Assert.StartsWith("web-", name, StringComparison.Ordinal));
        Assert.Contains(refused!.Value, new[] { SocketError.ConnectionReset, SocketError.ConnectionRefused });
    }

    [Fact]
    public async Task A_node_port_answers_on_the_node_and_a_load_balancer_gets_an_address()
    {
        await ApplyAsync(Web("np", replicas: 1) + """
            ---
            apiVersion: v1
            kind: Service
            metadata: { name: np }
            spec:
              type: NodePort
              selector: { app: np }
              ports: [{ port: 80, targetPort: http }]
            ---
            apiVersion: v1
            kind: Service
            metadata: { name: lb }
            spec:
              type: LoadBalancer
              selector: { app: np }
              ports: [{ port: 8081, targetPort: 8080 }]
            """);
        await Kubectl.SucceedAsync("rollout", "status", "deployment/np", "-n", _ns, "--timeout=60s");
        var nodePort = int.Parse(await Kubectl.SucceedAsync("get", "service", "np", "-n", _ns, "-o", "jsonpath={.spec.ports[0].nodePort}"), System.Globalization.CultureInfo.InvariantCulture);
        var address = (string?)JsonNode.Parse(await Kubectl.SucceedAsync("get", "node", "-o", "json"))!["items"]![0]!["status"]!["addresses"]!.AsArray()
            .First(a => (string?)a!["type"] == "InternalIP")!["address"];
        var balanced = await Eventually.MatchAsync(
            () => Kubectl.SucceedAsync("get", "service", "lb", "-n", _ns, "-o", "jsonpath={.spec.clusterIP} {.status.loadBalancer.ingress[0].ip}"),
            ips => ips.Split(' ') is [var a, var b] && a == b,
            Timeout,
            "the load balancer's address");
        var table = await Kubectl.SucceedAsync("get", "services", "-n", _ns);

        var throughNode = await Eventually.MatchAsync(() => AnswersAsync($"http://{address}:{nodePort}/", 1), n => n.Count == 1, Timeout, "an answer at the node port");
        var throughBalancer = await Eventually.MatchAsync(() => AnswersAsync($"http://{balanced.Split(' ')[0]}:8081/", 1), n => n.Count == 1, Timeout, "an answer at the load balancer");

        Assert.InRange(nodePort, 30000, 32767);
        Assert.StartsWith("np-", Assert.Single(throughNode), StringComparison.Ordinal);
        Assert.StartsWith("np-", Assert.Single(throughBalancer), StringComparison.Ordinal);
        Assert.Matches($@"np\s+NodePort\s+\S+\s+<none>\s+80:{nodePort}/TCP", table);
        Assert.Matches($@"lb\s+LoadBalancer\s+(\S+)\s+\1\s+8081:\d+/TCP", table);
    }

    [Fact]
    public async Task A_udp_port_passes_each_clients_datagrams_to_a_pod_and_its_answers_back()
    {
        const string Echo = """
            import os, socket
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.bind((os.environ["POD_IP"], 5353))
            while True:
                data, client = s.recvfrom(65535)
                s.sendto(os.environ["HOSTNAME"].encode() + b" " + data, client)
            """;
        await ApplyAsync($$"""
            apiVersion: v1
            kind: Pod
            metadata: { name: echo, labels: { app: echo } }
            spec:
              containers:
              - name: echo
                image: debian
                command: ["python3", "-c", {{System.Text.Json.JsonSerializer.Serialize(Echo)}}]
                env:
                - name: POD_IP
                  valueFrom: { fieldRef: { fieldPath: status.podIP } }
            ---
            apiVersion: v1
            kind: Service
            metadata: { name: echo }
            spec:
              selector: { app: echo }
              ports: [{ name: udp, port: 53, targetPort: 5353, protocol: UDP }]
            """);
        await PodStatus.WaitForAsync(Kubectl, _ns, "echo", p => PodStatus.Phase(p) == "Running");
        var clusterIp = IPAddress.Parse(await Kubectl.SucceedAsync("get", "service", "echo", "-n", _ns, "-o", "jsonpath={.spec.clusterIP}"));
        using var client = new UdpClient(AddressFamily.InterNetwork);
        client.Connect(clusterIp, 53);

        // The pod's server may not be listening yet: a datagram is sent again until one is answered.
        var answers = await Eventually.MatchAsync(
            async () =>
            {
                await client.SendAsync("one"u8.ToArray());
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                try
                {
                    return System.Text.Encoding.UTF8.GetString((await client.ReceiveAsync(wait.Token)).Buffer);
                }
                catch (OperationCanceledException)
                {
                    return "";
                }
            },
            answer => answer.Length > 0,
            Timeout,
            "an answer through the Service's UDP port");
        await client.SendAsync("two"u8.ToArray());
        using var second = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var again = System.Text.Encoding.UTF8.GetString((await client.ReceiveAsync(second.Token)).Buffer);

        Assert.Equal("echo one", answers);
        Assert.Equal("echo two", again);
    }

    [Fact]
    public async Task A_cluster_ip_is_kept_on_reapply_and_refused_when_changed_taken_or_out_of_range()
    {
        const string Manifest = """
            apiVersion: v1
            kind: Service
            metadata: { name: kept }
            spec:
              selector: { app: kept }
              ports: [{ port: 80 }]
            """;
        await ApplyAsync(Manifest);
        var first = await Kubectl.SucceedAsync("get", "service", "kept", "-n", _ns, "-o", "jsonpath={.spec.clusterIP}");
        await ApplyAsync(Manifest.Replace("port: 80", "port: 81", StringComparison.Ordinal));
        var second = await Kubectl.SucceedAsync("get", "service", "kept", "-n", _ns, "-o", "jsonpath={.spec.clusterIP} {.spec.ports[0].port}");
        var other = IPNetwork.Parse(Range).BaseAddress.GetAddressBytes();
        other[3] = 77;

        var patch = new JsonObject { ["spec"] = new JsonObject { ["clusterIP"] = new IPAddress(other).ToString(), ["clusterIPs"] = new JsonArray(new IPAddress(other).ToString()) } };
        var changed = await Kubectl.RunAsync("patch", "service", "kept", "-n", _ns, "-p", patch.ToJsonString());
        var taken = await Kubectl.RunWithInputAsync(Manifest.Replace("name: kept", "name: copy", StringComparison.Ordinal) + $"\n  clusterIP: {first}\n", ["apply", "-n", _ns, "-f", "-"]);
        var outside = await Kubectl.RunWithInputAsync(Manifest.Replace("name: kept", "name: outside", StringComparison.Ordinal) + "\n  clusterIP: 10.96.0.20\n", ["apply", "-n", _ns, "-f", "-"]);
        var chosen = await Kubectl.RunWithInputAsync(Manifest.Replace("name: kept", "name: chosen", StringComparison.Ordinal) + $"\n  clusterIP: {new IPAddress(other)}\n", ["apply", "-n", _ns, "-f", "-"]);

        Assert.Equal($"{first} 81", second);
        Assert.NotEqual(0, changed.ExitCode);
        Assert.Contains("spec.clusterIPs[0]: Invalid value: \"" + new IPAddress(other) + "\": may not change once set", changed.StandardError, StringComparison.Ordinal);
        Assert.NotEqual(0, taken.ExitCode);
        Assert.Contains($"failed to allocate IP {first}: provided IP is already allocated", taken.StandardError, StringComparison.Ordinal);
        Assert.NotEqual(0, outside.ExitCode);
        Assert.Contains($"provided IP (10.96.0.20) is not in the valid range. The range of valid IPs is {Range}", outside.StandardError, StringComparison.Ordinal);
        Assert.True(chosen.ExitCode == 0, chosen.ToString());
    }

    [Fact]
    public async Task A_second_sandbox_on_the_machine_takes_a_service_range_of_its_own()
    {
        var first = sandbox.Fixture.Server;

        await using var second = await KubernetesApiServer.StartAsync(new KubernetesApiServerOptions { Kubelet = new Kubernetes.Pods.KubeletOptions() }, CancellationToken.None);
        await using var same = await KubernetesApiServer.StartAsync(new KubernetesApiServerOptions { Kubelet = new Kubernetes.Pods.KubeletOptions(), ServiceRange = first.ServiceRange }, CancellationToken.None);

        Assert.NotEqual(first.ServiceRange.ToString(), second.ServiceRange.ToString());
        Assert.NotNull(second.ClusterDns);
        Assert.Null(same.ClusterDns);
        Assert.StartsWith($"cannot serve cluster DNS on {first.ClusterDns}:53", same.ClusterDnsProblem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_kubernetes_service_reaches_the_api_server()
    {
        var clusterIp = await Kubectl.SucceedAsync("get", "service", "kubernetes", "-n", "default", "-o", "jsonpath={.spec.clusterIP}");
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var http = new HttpClient(handler) { Timeout = Timeout };

        var version = await Eventually.MatchAsync(
            async () => { try { return await http.GetStringAsync(new Uri($"https://{clusterIp}:443/version")); } catch (HttpRequestException e) { return e.Message; } },
            body => body.Contains("gitVersion", StringComparison.Ordinal),
            Timeout,
            "the API server's version through the kubernetes Service");

        Assert.Equal(sandbox.Fixture.Server.ServiceRange.ApiServer.ToString(), clusterIp);
        Assert.Contains("gitVersion", version, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pod_resolves_services_by_name_headless_ones_to_their_pods_and_nothing_else_in_the_cluster()
    {
        Assert.True(sandbox.Fixture.Server.ClusterDns is not null, sandbox.Fixture.Server.ClusterDnsProblem);
        await ApplyAsync(Web("named", replicas: 1) + """
            ---
            apiVersion: v1
            kind: Service
            metadata: { name: named }
            spec:
              selector: { app: named }
              ports: [{ name: http, port: 80, targetPort: http }]
            ---
            apiVersion: v1
            kind: Service
            metadata: { name: peers }
            spec:
              clusterIP: None
              selector: { app: named }
              ports: [{ name: http, port: 8080 }]
            ---
            apiVersion: v1
            kind: Pod
            metadata: { name: client }
            spec:
              hostname: box
              subdomain: peers
              containers: [{ name: client, image: debian, command: ["sleep", "600"] }]
            """);
        await Kubectl.SucceedAsync("rollout", "status", "deployment/named", "-n", _ns, "--timeout=60s");
        await PodStatus.WaitForAsync(Kubectl, _ns, "client", p => PodStatus.Phase(p) == "Running");
        var clusterIp = await Kubectl.SucceedAsync("get", "service", "named", "-n", _ns, "-o", "jsonpath={.spec.clusterIP}");
        var podIp = await Kubectl.SucceedAsync("get", "pods", "-n", _ns, "-l", "app=named", "-o", "jsonpath={.items[0].status.podIP}");

        var resolvConf = await Kubectl.SucceedAsync("exec", "client", "-n", _ns, "--", "cat", "/etc/resolv.conf");
        var hosts = await Kubectl.SucceedAsync("exec", "client", "-n", _ns, "--", "cat", "/etc/hosts");
        var shortName = await Kubectl.SucceedAsync("exec", "client", "-n", _ns, "--", "getent", "ahostsv4", "named");
        var fullName = await Kubectl.SucceedAsync("exec", "client", "-n", _ns, "--", "getent", "hosts", $"named.{_ns}.svc.cluster.local");
        var headless = await Eventually.MatchAsync(
            () => Kubectl.RunAsync("exec", "client", "-n", _ns, "--", "getent", "ahostsv4", $"peers.{_ns}.svc"),
            r => r.ExitCode == 0,
            Timeout,
            "the headless Service's ready pod");
        var fromPython = await Kubectl.SucceedAsync("exec", "client", "-n", _ns, "--", "python3", "-c", "import socket; print(socket.gethostbyname('named'))");
        var fetched = await Kubectl.SucceedAsync("exec", "client", "-n", _ns, "--", "python3", "-c", "import urllib.request; print(urllib.request.urlopen('http://named/', timeout=10).read().decode())");
        var unknown = await Kubectl.RunAsync("exec", "client", "-n", _ns, "--", "getent", "hosts", $"nothing.{_ns}.svc.cluster.local");
        var hostname = await Kubectl.SucceedAsync("exec", "client", "-n", _ns, "--", "cat", "/proc/sys/kernel/hostname");

        Assert.Contains($"search {_ns}.svc.cluster.local svc.cluster.local cluster.local", resolvConf, StringComparison.Ordinal);
        Assert.Contains($"nameserver {sandbox.Fixture.Server.ClusterDns}", resolvConf, StringComparison.Ordinal);
        Assert.Contains("options ndots:5", resolvConf, StringComparison.Ordinal);
        Assert.Contains($"\tbox.peers.{_ns}.svc.cluster.local\tbox\n", hosts, StringComparison.Ordinal);
        Assert.StartsWith(clusterIp + " ", shortName, StringComparison.Ordinal);
        Assert.StartsWith(clusterIp + " ", fullName, StringComparison.Ordinal);
        Assert.StartsWith(podIp + " ", headless.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(clusterIp, fromPython.Trim());
        Assert.StartsWith("named-", fetched, StringComparison.Ordinal);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Equal("box", hostname.Trim());
    }

    private static string Web(string name, int replicas) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: { name: {{name}} }
        spec:
          replicas: {{replicas}}
          selector: { matchLabels: { app: {{name}} } }
          template:
            metadata: { labels: { app: {{name}} } }
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

        """;

    /// <summary>The pod names that answered <paramref name="count"/> requests, each on a new connection.</summary>
    private static async Task<HashSet<string>> AnswersAsync(string url, int count)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            try
            {
                names.Add(await http.GetStringAsync(new Uri(url)));
            }
            catch (HttpRequestException)
            {
                // Not yet an endpoint: the next request may find one.
            }
        }

        return names;
    }

    /// <summary>How a connection and a request to the address end when nothing answers, or null when something did.</summary>
    private static async Task<SocketError?> ConnectErrorAsync(IPAddress address, int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(address, port);
            await socket.SendAsync("GET / HTTP/1.0\r\n\r\n"u8.ToArray());
            var buffer = new byte[64];
            return await socket.ReceiveAsync(buffer) > 0 ? null : SocketError.ConnectionReset;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode;
        }
    }

    private async Task ApplyAsync(string manifest)
    {
        var applied = await Kubectl.RunWithInputAsync(manifest, ["apply", "-n", _ns, "-f", "-"]);
        Assert.True(applied.ExitCode == 0, applied.ToString());
    }
}
