using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Airwave.Chart.Tests.Rendering;
using Airwave.Kubernetes.ApiMachinery.Yaml;
using Airwave.Sandbox;
using Airwave.Sandbox.Aws;

namespace Airwave.Chart.Tests.Deployment;

/// <summary>
/// The chart's signaling service run by the sandbox's kubelet as the chart describes it: its image, command, ports,
/// probes, the sites file and the admin token from Secrets, and its database: SQLite on the pod's volume, or PostgreSQL
/// by a connection string from a Secret.
/// </summary>
[Collection(SharedChartRenderer.Name)]
public sealed class SignalingPodTests(ChartRenderer renderer) : IAsyncLifetime
{
    private const string AdminToken = "chart-test-signaling-admin-token";
    private static readonly string SiteSecret = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private readonly string _directory = Directory.CreateTempSubdirectory("airwave-chart-signaling-").FullName;
    private readonly int _publicPort = LoopbackPorts.Reserve();
    private readonly int _managementPort = LoopbackPorts.Reserve();
    private SandboxHost _sandbox = null!;
    private Kubectl _kubectl = null!;

    /// <summary>With <c>PostgreSql</c>, the server the pod's database is on.</summary>
    private PostgresServer? _postgres;

    public async Task InitializeAsync()
    {
        _sandbox = await SandboxHost.StartAsync(
            new SandboxOptions { KubePort = 0, AwsPort = 0, NoOperator = true, KubeconfigPath = Path.Combine(_directory, "admin.kubeconfig") },
            CancellationToken.None);
        _kubectl = new Kubectl(_sandbox.KubeconfigPath, Path.Combine(_directory, "kubectl-cache"));
        await _kubectl.SucceedAsync("create", "namespace", AirwaveChart.ReleaseNamespace);
        var sites = new JsonObject { ["shop"] = new JsonObject { ["name"] = "Shop", ["allowedOrigins"] = new JsonArray("https://shop.example"), ["secret"] = SiteSecret } }.ToJsonString();
        await _kubectl.SucceedAsync("create", "secret", "generic", "signaling-sites", "-n", AirwaveChart.ReleaseNamespace, $"--from-literal=sites.json={sites}");
        await _kubectl.SucceedAsync("create", "secret", "generic", "signaling-admin", "-n", AirwaveChart.ReleaseNamespace, $"--from-literal=token={AdminToken}");
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task The_signaling_pod_becomes_ready_with_the_sites_of_its_secret_serves_the_script_and_welcomes_a_page(string provider)
    {
        if (provider == "PostgreSql")
        {
            _postgres = await PostgresServer.StartAsync();
            var connectionString = await _postgres.CreateDatabaseAsync("signaling");
            await _kubectl.SucceedAsync("create", "secret", "generic", "signaling-db", "-n", AirwaveChart.ReleaseNamespace, $"--from-literal=connectionString={connectionString}");
        }

        var values = renderer.WriteValues($"""
            signaling:
              enabled: true
              database:
                provider: {provider}
                connectionStringSecret:
                  name: {(provider == "PostgreSql" ? "signaling-db" : "")}
              persistence:
                enabled: false
              publicPort: {_publicPort}
              managementPort: {_managementPort}
              sitesSecret:
                name: signaling-sites
              adminTokenSecret:
                name: signaling-admin
            """);
        var rendered = await renderer.RenderAsync([values]);
        var signaling = rendered.Documents.Where(d => d.Name == "airwave-signaling").Select(d => d.Manifest).ToList();
        var file = Path.Combine(_directory, "signaling.yaml");
        await File.WriteAllTextAsync(file, YamlWriter.WriteDocuments(signaling));
        await _kubectl.SucceedAsync("apply", "-f", file);
        var rollout = await _kubectl.RunAsync("rollout", "status", "deployment/airwave-signaling", "-n", AirwaveChart.ReleaseNamespace, "--timeout=90s");
        if (rollout.ExitCode != 0)
        {
            var logs = await _kubectl.RunAsync("logs", "deployment/airwave-signaling", "-n", AirwaveChart.ReleaseNamespace);
            Assert.Fail($"the signaling Deployment did not become ready: {rollout}\n{logs}");
        }

        using var http = new HttpClient();
        using var script = await http.GetAsync(new Uri($"http://127.0.0.1:{_publicPort}/embed.js"));
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);

        using var admin = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{_managementPort}/api/v1/sites/shop"));
        admin.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminToken);
        using var site = await http.SendAsync(admin);
        Assert.Equal(HttpStatusCode.OK, site.StatusCode);
        Assert.Equal("Settings", (await site.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("source").GetString());

        // The site API's document, made by the program as built (in a native build, without MVC's model reflection).
        var document = await http.GetFromJsonAsync<JsonElement>(new Uri($"http://127.0.0.1:{_publicPort}/openapi/v1.json"));
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/v1/sites/{site}/broadcasts/{id}", out var broadcast), document.ToString());
        Assert.True(broadcast.TryGetProperty("get", out _), broadcast.ToString());

        // The token is made before the socket opens: the service closes a socket that says no hello within 10 s.
        var hello = new JsonObject { ["v"] = 1, ["type"] = "hello", ["role"] = "broadcaster", ["token"] = await UserTokenAsync("alice") }.ToJsonString();
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", "https://shop.example");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{_publicPort}/ws/v1?site=shop"), timeout.Token);
        await socket.SendAsync(Encoding.UTF8.GetBytes(hello), WebSocketMessageType.Text, true, timeout.Token);
        var buffer = new byte[16 * 1024];
        var received = await socket.ReceiveAsync(buffer, timeout.Token);
        var welcome = JsonNode.Parse(buffer.AsSpan(0, received.Count))!;
        Assert.Equal("welcome", (string?)welcome["type"]);
        Assert.Equal("alice", (string?)welcome["user"]);
        Assert.NotNull((string?)welcome["session"]);

        // The pod runs the build the sandbox was given: CI hands it the native one the image ships.
        var metrics = new Scrape(await http.GetStringAsync(new Uri($"http://127.0.0.1:{_managementPort}/metrics")));
        Assert.Equal(1, metrics.Sum("airwave_build_info", ("compilation", ProgramBuild.Signaling.AheadOfTime ? "aot" : "jit")));
    }

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>A user token as the site's server makes one, with PyJWT.</summary>
    private static async Task<string> UserTokenAsync(string user)
    {
        var expires = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var result = await ProcessRunner.RunAsync(
            "/usr/bin/python3",
            ["-c", $"import jwt; print(jwt.encode({{'sub': '{user}', 'aud': 'shop', 'exp': {expires}}}, '{SiteSecret}', algorithm='HS256'))"],
            TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StandardOutput.Trim();
    }
}
