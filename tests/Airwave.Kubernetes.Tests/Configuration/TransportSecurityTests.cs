using System.Net;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Configuration;
using Airwave.Kubernetes.Tests.Client;
using Airwave.Kubernetes.Tests.Support;

namespace Airwave.Kubernetes.Tests.Configuration;

public sealed class TransportSecurityTests : IDisposable
{
    private const string Widget = """{"metadata":{"name":"w1","namespace":"default"},"spec":{"replicas":1}}""";

    private readonly TestCertificates _certificates = new();
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task The_configured_CA_is_trusted_and_the_client_certificate_presented()
    {
        await using var server = await StubApiServer.StartAsync(c => KubernetesClientTests.Json(c, 200, Widget), _certificates.Server, requireClientCertificate: true);
        using var client = new KubernetesClient(new KubernetesClientConfiguration
        {
            Server = server.BaseAddress,
            CertificateAuthorities = [_certificates.Authority],
            ClientCertificate = _certificates.Client,
        });

        var widget = await client.GetAsync<TestObject>(TestObject.Type, "default", "w1", CancellationToken.None);

        Assert.Equal("w1", widget.Metadata.Name);
        Assert.Equal("CN=airwave-operator", Assert.Single(server.Requests).ClientCertificateSubject);
    }

    [Fact]
    public async Task A_server_signed_by_an_unknown_CA_is_refused_unless_verification_is_skipped()
    {
        using var otherAuthority = new TestCertificates();
        await using var server = await StubApiServer.StartAsync(c => KubernetesClientTests.Json(c, 200, Widget), _certificates.Server);
        using var strict = new KubernetesClient(new KubernetesClientConfiguration { Server = server.BaseAddress, CertificateAuthorities = [otherAuthority.Authority] });
        using var insecure = new KubernetesClient(new KubernetesClientConfiguration { Server = server.BaseAddress, InsecureSkipTlsVerify = true });

        await Assert.ThrowsAsync<HttpRequestException>(() => strict.GetAsync<TestObject>(TestObject.Type, "default", "w1", CancellationToken.None));
        Assert.Equal("w1", (await insecure.GetAsync<TestObject>(TestObject.Type, "default", "w1", CancellationToken.None)).Metadata.Name);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task In_cluster_the_service_account_token_is_read_again_after_it_rotates()
    {
        var currentToken = "token-a";
        await using var server = await StubApiServer.StartAsync(
            c => c.Request.Headers.Authorization == $"Bearer {Volatile.Read(ref currentToken)}"
                ? KubernetesClientTests.Json(c, 200, Widget)
                : KubernetesClientTests.Json(c, 401, """{"kind":"Status","status":"Failure","reason":"Unauthorized","code":401}"""),
            _certificates.Server);
        _dir.Write("ca.crt", _certificates.AuthorityPem);
        _dir.Write("namespace", "airwave-system\n");
        var tokenFile = _dir.Write("token", "token-a");
        var environment = new Dictionary<string, string>
        {
            ["KUBERNETES_SERVICE_HOST"] = IPAddress.Loopback.ToString(),
            ["KUBERNETES_SERVICE_PORT"] = server.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var configuration = InClusterConfiguration.Load(_dir.Path, name => environment.GetValueOrDefault(name));
        using var client = new KubernetesClient(configuration);
        await client.GetAsync<TestObject>(TestObject.Type, "default", "w1", CancellationToken.None);

        // The kubelet rotates the projected token; the old one stops working at once.
        File.WriteAllText(tokenFile, "token-b");
        Volatile.Write(ref currentToken, "token-b");
        var widget = await client.GetAsync<TestObject>(TestObject.Type, "default", "w1", CancellationToken.None);

        Assert.Equal("airwave-system", configuration.Namespace);
        Assert.Equal("w1", widget.Metadata.Name);
        Assert.Equal(["Bearer token-a", "Bearer token-a", "Bearer token-b"], server.Requests.Select(r => r.Authorization));
    }

    public void Dispose()
    {
        _certificates.Dispose();
        _dir.Dispose();
    }
}
