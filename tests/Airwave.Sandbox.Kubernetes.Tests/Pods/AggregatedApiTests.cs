using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Tests.Pods;

/// <summary>
/// An APIService backed by a Service, as an aggregated API server (metrics-server, say) registers one: its
/// availability, its group in discovery, and requests proxied to its pod with the user in the front proxy's headers.
/// The server is a small Python HTTPS server that, like a real one, trusts those headers only from a client
/// certificate signed by the authority in kube-system/extension-apiserver-authentication.
/// </summary>
public sealed class AggregatedApiTests(KubeletSandbox sandbox) : IClassFixture<KubeletSandbox>, IAsyncLifetime
{
    private const string Server = """
        import http.server, json, os, ssl
        def pem(name):
            open(name, "w").write(os.environ[name])
            return name
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(pem("TLS_CERT"), pem("TLS_KEY"))
        context.load_verify_locations(pem("PROXY_CA"))
        context.verify_mode = ssl.CERT_REQUIRED
        group = os.environ["GROUP"]
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                client = dict(field[0] for field in self.connection.getpeercert()["subject"])["commonName"]
                parts = self.path.split("?")[0].strip("/").split("/")
                if parts == ["apis", group, "v1"]:
                    body = {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": group + "/v1",
                            "resources": [{"name": "things", "singularName": "thing", "namespaced": True, "kind": "Thing", "verbs": ["get", "list"]}]}
                elif len(parts) == 7 and parts[3] == "namespaces" and parts[5] == "things":
                    body = {"apiVersion": group + "/v1", "kind": "Thing", "metadata": {"name": parts[6], "namespace": parts[4]},
                            "user": self.headers.get("X-Remote-User"), "groups": self.headers.get_all("X-Remote-Group") or [],
                            "client": client, "credentials": self.headers.get("Authorization")}
                else:
                    self.send_response(404)
                    self.end_headers()
                    return
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            def log_message(self, *args):
                pass
        server = http.server.ThreadingHTTPServer((os.environ["POD_IP"], 8443), Handler)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        server.serve_forever()
        """;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _ns = "a-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _group = "t" + Guid.NewGuid().ToString("N")[..8] + ".example.com";

    private Testing.Kubectl Kubectl => sandbox.Fixture.Kubectl;

    public Task InitializeAsync() => Kubectl.SucceedAsync("create", "namespace", _ns);

    public async Task DisposeAsync()
    {
        await Kubectl.RunAsync("delete", "apiservice", $"v1.{_group}", "--wait=false");
        await Kubectl.RunAsync("delete", "namespace", _ns, "--wait=false");
    }

    [Fact]
    public async Task A_service_backed_apiservice_becomes_available_is_discovered_and_proxies_as_the_user()
    {
        var (authority, serving) = ServingCertificate($"things-api.{_ns}.svc");
        var proxyAuthority = await Kubectl.SucceedAsync("get", "configmap", "extension-apiserver-authentication", "-n", "kube-system", "-o", "jsonpath={.data.requestheader-client-ca-file}");
        var allowedNames = await Kubectl.SucceedAsync("get", "configmap", "extension-apiserver-authentication", "-n", "kube-system", "-o", "jsonpath={.data.requestheader-allowed-names}");

        await ApplyAsync(ApiService(authority));
        var noService = await AvailabilityAsync("ServiceNotFound");
        await ApplyAsync(ThingsService());
        var noEndpoints = await AvailabilityAsync("MissingEndpoints");
        await ApplyAsync(ThingsServer(serving, proxyAuthority));
        var available = await AvailabilityAsync("Passed");
        var table = await Kubectl.SucceedAsync("get", "apiservice", $"v1.{_group}");
        var groups = JsonNode.Parse(await Kubectl.SucceedAsync("get", "--raw", "/apis"))!["groups"]!.AsArray();
        var resources = await Kubectl.SucceedAsync("api-resources", $"--api-group={_group}", "-o", "name");
        var asAdmin = JsonNode.Parse(await Kubectl.SucceedAsync("get", $"things.{_group}", "demo", "-n", _ns, "-o", "json"))!;

        Assert.Equal("False", (string?)noService["status"]);
        Assert.Equal($"service/things-api in \"{_ns}\" is not present", (string?)noService["message"]);
        Assert.Equal($"endpoints for service/things-api in \"{_ns}\" have no addresses with port name \"https\"", (string?)noEndpoints["message"]);
        Assert.Equal("True", (string?)available["status"]);
        Assert.Matches($@"v1\.{_group.Replace(".", "\\.", StringComparison.Ordinal)}\s+{_ns}/things-api\s+True\s", table);
        Assert.Equal("[\"front-proxy-client\"]", allowedNames);
        Assert.Contains(groups, g => (string?)g!["name"] == _group && (string?)g["preferredVersion"]!["groupVersion"] == $"{_group}/v1");
        Assert.Equal($"things.{_group}", resources.Trim());
        Assert.Equal("demo", (string?)asAdmin["metadata"]!["name"]);
        Assert.Equal("sandbox-admin", (string?)asAdmin["user"]);
        Assert.Contains("system:masters", asAdmin["groups"]!.AsArray().Select(g => (string?)g));
        Assert.Equal("front-proxy-client", (string?)asAdmin["client"]);
        Assert.Null((string?)asAdmin["credentials"]);
    }

    [Fact]
    public async Task A_user_reaches_an_aggregated_api_only_as_rbac_allows_and_as_themselves()
    {
        var (authority, serving) = ServingCertificate($"things-api.{_ns}.svc");
        var proxyAuthority = await Kubectl.SucceedAsync("get", "configmap", "extension-apiserver-authentication", "-n", "kube-system", "-o", "jsonpath={.data.requestheader-client-ca-file}");
        await ApplyAsync(ApiService(authority));
        await ApplyAsync(ThingsService());
        await ApplyAsync(ThingsServer(serving, proxyAuthority));
        await AvailabilityAsync("Passed");
        await Kubectl.SucceedAsync("create", "role", "thing-reader", "-n", _ns, "--verb=get", $"--resource=things.{_group}");
        await Kubectl.SucceedAsync("create", "rolebinding", "alice-reads", "-n", _ns, "--role=thing-reader", "--user=alice");

        var asAlice = JsonNode.Parse(await Kubectl.SucceedAsync("get", $"things.{_group}", "demo", "-n", _ns, "-o", "json", "--as=alice", "--as-group=team"))!;
        var asBob = await Kubectl.RunAsync("get", $"things.{_group}", "demo", "-n", _ns, "--as=bob");
        await Kubectl.SucceedAsync("scale", "deployment", "things-api", "-n", _ns, "--replicas=0");
        var gone = await AvailabilityAsync("MissingEndpoints");
        var unavailable = await Kubectl.RunAsync("get", "--raw", $"/apis/{_group}/v1/namespaces/{_ns}/things/demo");

        Assert.Equal("alice", (string?)asAlice["user"]);
        Assert.Equal(["team", "system:authenticated"], asAlice["groups"]!.AsArray().Select(g => (string?)g));
        Assert.Contains($"User \"bob\" cannot get resource \"things\" in API group \"{_group}\"", asBob.StandardError, StringComparison.Ordinal);
        Assert.Equal("False", (string?)gone["status"]);
        Assert.NotEqual(0, unavailable.ExitCode);
        Assert.Contains("the server is currently unable to handle the request", unavailable.StandardError, StringComparison.Ordinal);
    }

    /// <summary>The APIService's Available condition once its reason is <paramref name="reason"/>.</summary>
    private async Task<JsonNode> AvailabilityAsync(string reason) =>
        (await Eventually.MatchAsync(
            async () => JsonNode.Parse(await Kubectl.SucceedAsync("get", "apiservice", $"v1.{_group}", "-o", "json"))!["status"]?["conditions"]?[0],
            c => (string?)c?["reason"] == reason,
            Timeout,
            $"the APIService's Available condition with reason {reason}"))!;

    private async Task ApplyAsync(JsonObject manifest)
    {
        var applied = await Kubectl.RunWithInputAsync(manifest.ToJsonString(), ["apply", "-n", _ns, "-f", "-"]);
        Assert.True(applied.ExitCode == 0, applied.ToString());
    }

    private JsonObject ApiService(string authorityPem) => JsonNode.Parse($$"""
        {
          "apiVersion": "apiregistration.k8s.io/v1", "kind": "APIService",
          "metadata": { "name": "v1.{{_group}}" },
          "spec": {
            "group": "{{_group}}", "version": "v1", "groupPriorityMinimum": 1000, "versionPriority": 15,
            "service": { "namespace": "{{_ns}}", "name": "things-api", "port": 443 },
            "caBundle": "{{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(authorityPem))}}"
          }
        }
        """)!.AsObject();

    private static JsonObject ThingsService() => JsonNode.Parse("""
        {
          "apiVersion": "v1", "kind": "Service", "metadata": { "name": "things-api" },
          "spec": { "selector": { "app": "things-api" }, "ports": [{ "name": "https", "port": 443, "targetPort": 8443 }] }
        }
        """)!.AsObject();

    private JsonObject ThingsServer((string Certificate, string Key) serving, string proxyAuthority)
    {
        JsonObject Env(string name, string value) => new() { ["name"] = name, ["value"] = value };
        var container = new JsonObject
        {
            ["name"] = "server",
            ["image"] = "debian",
            ["command"] = new JsonArray("python3", "-c", Server),
            ["env"] = new JsonArray(
                Env("TLS_CERT", serving.Certificate),
                Env("TLS_KEY", serving.Key),
                Env("PROXY_CA", proxyAuthority),
                Env("GROUP", _group),
                new JsonObject { ["name"] = "POD_IP", ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["fieldPath"] = "status.podIP" } } }),
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["containerPort"] = 8443 }),
            ["readinessProbe"] = new JsonObject { ["tcpSocket"] = new JsonObject { ["port"] = 8443 }, ["periodSeconds"] = 1 },
        };
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = "things-api" },
            ["spec"] = new JsonObject
            {
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "things-api" } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "things-api" } },
                    ["spec"] = new JsonObject { ["terminationGracePeriodSeconds"] = 1, ["containers"] = new JsonArray(container) },
                },
            },
        };
    }

    /// <summary>An authority (PEM) and a serving certificate and key (PEM) it signed for <paramref name="host"/>.</summary>
    private static (string Authority, (string Certificate, string Key) Serving) ServingCertificate(string host)
    {
        var now = DateTimeOffset.UtcNow;
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest("CN=things-ca", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var authority = authorityRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        using var servingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var servingRequest = new CertificateRequest($"CN={host}", servingKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        servingRequest.CertificateExtensions.Add(names.Build());
        servingRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var serving = servingRequest.Create(authority, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(16));
        return (authority.ExportCertificatePem(), (serving.ExportCertificatePem(), servingKey.ExportPkcs8PrivateKeyPem()));
    }
}
