using System.Collections.Concurrent;
using System.Text;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Tests.Client;
using Airwave.Kubernetes.Tests.Support;

namespace Airwave.Kubernetes.Tests.Configuration;

/// <summary>
/// A kubeconfig as users write it, read by the official client (<see cref="KubernetesAccess"/>) and used by
/// Airwave's client: the cluster's CA and a client certificate, skip-verify, a token, OIDC, an exec plugin, the
/// context's namespace. (In a pod, the service account is read the same way; the chart's tests run the operator so.)
/// </summary>
// The plugins are shell scripts, as on the Linux machines the operator runs on.
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KubeconfigAccessTests : IDisposable
{
    private const string Widget = """{"metadata":{"name":"w1","namespace":"default"},"spec":{"replicas":1}}""";

    private readonly TestCertificates _certificates = new();
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task The_kubeconfigs_CA_is_trusted_and_its_client_certificate_presented()
    {
        await using var server = await StubApiServer.StartAsync(c => KubernetesClientTests.Json(c, 200, Widget), _certificates.Server, requireClientCertificate: true);
        var kubeconfig = Kubeconfig(
            server.BaseAddress,
            $"certificate-authority-data: {Base64(_certificates.AuthorityPem)}",
            $"{{client-certificate-data: {Base64(_certificates.Client.ExportCertificatePem())}, client-key-data: {Base64(TestCertificates.KeyPem(_certificates.Client))}}}");
        using var client = new KubernetesClient(KubernetesAccess.Configuration(kubeconfig), TestJson.Client);

        var widget = await client.GetAsync<TestObject>(TestObject.Type, "default", "w1", CancellationToken.None);

        Assert.Equal("w1", widget.Metadata.Name);
        Assert.Equal("CN=airwave-operator", Assert.Single(server.Requests).ClientCertificateSubject);
    }

    [Fact]
    public async Task A_server_signed_by_another_CA_is_refused_unless_the_kubeconfig_skips_verification()
    {
        using var otherAuthority = new TestCertificates();
        await using var server = await StubApiServer.StartAsync(c => KubernetesClientTests.Json(c, 200, Widget), _certificates.Server);
        using var strict = new KubernetesClient(KubernetesAccess.Configuration(Kubeconfig(server.BaseAddress, $"certificate-authority-data: {Base64(otherAuthority.AuthorityPem)}", "{token: t}")), TestJson.Client);
        using var insecure = new KubernetesClient(KubernetesAccess.Configuration(Kubeconfig(server.BaseAddress, "insecure-skip-tls-verify: true", "{token: t}")), TestJson.Client);

        await Assert.ThrowsAsync<HttpRequestException>(() => strict.GetAsync<TestObject>(TestObject.Type, "default", "w1", CancellationToken.None));
        Assert.Equal("w1", (await insecure.GetAsync<TestObject>(TestObject.Type, "default", "w1", CancellationToken.None)).Metadata.Name);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_token_is_sent_and_the_contexts_namespace_is_the_clients()
    {
        await using var server = await StubApiServer.StartAsync(c => KubernetesClientTests.Json(c, 200, Widget));
        using var client = new KubernetesClient(KubernetesAccess.Configuration(Kubeconfig(server.BaseAddress, "", "{token: static-token}", contextNamespace: "media")), TestJson.Client);
        using var withoutNamespace = new KubernetesClient(KubernetesAccess.Configuration(Kubeconfig(server.BaseAddress, "", "{token: static-token}")), TestJson.Client);

        await client.GetAsync<TestObject>(TestObject.Type, "default", "w1", CancellationToken.None);

        Assert.Equal("Bearer static-token", Assert.Single(server.Requests).Authorization);
        Assert.Equal("media", client.Namespace);
        Assert.Equal("default", withoutNamespace.Namespace);
    }

    [Fact]
    public async Task An_expired_OIDC_id_token_is_refreshed_at_the_issuers_token_endpoint_before_it_is_sent_and_then_reused()
    {
        var fresh = IdToken(TimeSpan.FromHours(1));
        await using var issuer = await OidcIssuerAsync($$"""{"id_token":"{{fresh}}","refresh_token":"next-refresh","expires_in":3600}""");
        await using var server = await StubApiServer.StartAsync(c => KubernetesClientTests.Json(c, 200, Widget));
        var oidc = Oidc(issuer.BaseAddress, IdToken(TimeSpan.FromHours(-1)), "first-refresh");
        using var client = new KubernetesClient(KubernetesAccess.Configuration(Kubeconfig(server.BaseAddress, "", oidc)), TestJson.Client);

        await client.GetAsync<TestObject>(TestObject.Type, "default", "w1", CancellationToken.None);
        await client.GetAsync<TestObject>(TestObject.Type, "default", "w1", CancellationToken.None);

        // As kubectl: the token endpoint found by discovery, the refresh token exchanged once, the new id-token sent.
        var (discovery, refresh) = (issuer.Requests.First(), issuer.Requests.Last());
        Assert.Equal(2, issuer.Requests.Count);
        Assert.Equal(("GET", "/.well-known/openid-configuration"), (discovery.Method, discovery.PathAndQuery));
        Assert.Equal(("POST", "/oauth/token"), (refresh.Method, refresh.PathAndQuery));
        Assert.Equal("grant_type=refresh_token&refresh_token=first-refresh&client_id=airwave", refresh.Body);
        Assert.Equal([$"Bearer {fresh}", $"Bearer {fresh}"], server.Requests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task An_OIDC_id_token_that_is_still_valid_is_sent_without_asking_the_issuer()
    {
        await using var issuer = await OidcIssuerAsync("{}");
        await using var server = await StubApiServer.StartAsync(c => KubernetesClientTests.Json(c, 200, Widget));
        var valid = IdToken(TimeSpan.FromMinutes(5));
        using var client = new KubernetesClient(KubernetesAccess.Configuration(Kubeconfig(server.BaseAddress, "", Oidc(issuer.BaseAddress, valid, "first-refresh"))), TestJson.Client);

        await client.GetAsync<TestObject>(TestObject.Type, "default", "w1", CancellationToken.None);

        Assert.Empty(issuer.Requests);
        Assert.Equal($"Bearer {valid}", Assert.Single(server.Requests).Authorization);
    }

    [Fact]
    public async Task An_issuer_that_refuses_the_refresh_fails_the_request_with_what_it_said_and_nothing_reaches_the_API_server()
    {
        await using var issuer = await OidcIssuerAsync("""{"error":"invalid_grant"}""", status: 400);
        await using var server = await StubApiServer.StartAsync(c => KubernetesClientTests.Json(c, 200, Widget));
        using var client = new KubernetesClient(KubernetesAccess.Configuration(Kubeconfig(server.BaseAddress, "", Oidc(issuer.BaseAddress, IdToken(TimeSpan.FromHours(-1)), "revoked"))), TestJson.Client);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => client.GetAsync<TestObject>(TestObject.Type, "default", "w1", CancellationToken.None));

        Assert.Contains("refused to refresh the kubeconfig's id-token (400, invalid_grant)", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("revoked", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void An_auth_provider_other_than_OIDC_is_refused_when_the_kubeconfig_is_read()
    {
        var kubeconfig = Kubeconfig(new Uri("https://127.0.0.1:1"), "insecure-skip-tls-verify: true", "{auth-provider: {name: gcp, config: {cmd-path: gcloud}}}");

        var error = Assert.ThrowsAny<Exception>(() => KubernetesAccess.Configuration(kubeconfig));

        Assert.Contains("auth-provider 'gcp', which Airwave does not support", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_exec_plugins_token_is_used_and_the_plugin_run_again_before_the_token_expires()
    {
        // Like `aws eks get-token`: a fresh numbered token per run. The official client runs the plugin when it reads
        // the kubeconfig and on its first request, then again once the token has less than 30 seconds left; this
        // one's has 32.
        var plugin = WritePlugin("""
            #!/bin/sh
            count_file="$(dirname "$0")/runs"
            count=$(( $(cat "$count_file" 2>/dev/null || echo 0) + 1 ))
            echo "$count" > "$count_file"
            expiry=$(date -u -d '+32 seconds' +%Y-%m-%dT%H:%M:%SZ)
            printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"token-%s-%s","expirationTimestamp":"%s"}}\n' "$count" "$CLUSTER_NAME" "$expiry"
            """);
        var seenTokens = new ConcurrentQueue<string>();
        await using var server = await StubApiServer.StartAsync(context =>
        {
            seenTokens.Enqueue(context.Request.Headers.Authorization.ToString());
            return KubernetesClientTests.Json(context, 200, Widget);
        });
        var exec = $"{{exec: {{apiVersion: client.authentication.k8s.io/v1beta1, command: {plugin}, env: [{{name: CLUSTER_NAME, value: media}}]}}}}";
        using var client = new KubernetesClient(KubernetesAccess.Configuration(Kubeconfig(server.BaseAddress, "", exec)), TestJson.Client);

        // Requests for up to 20 s, until a token of a later run shows up.
        var requests = 0;
        for (; requests < 200 && seenTokens.Distinct().Count() < 2; requests++)
        {
            await client.GetAsync<TestObject>(TestObject.Type, "default", "w1", CancellationToken.None);
            await Task.Delay(100);
        }

        Assert.Matches("^Bearer token-[0-9]+-media$", seenTokens.First());
        Assert.Matches("^Bearer token-[0-9]+-media$", seenTokens.Last());
        Assert.NotEqual(seenTokens.First(), seenTokens.Last());
        var runs = int.Parse(File.ReadAllText(Path.Combine(_dir.Path, "runs")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(runs < requests, $"the token must be reused while valid ({runs} plugin runs for {requests} requests)");
    }

    [Fact]
    public void An_exec_plugin_that_fails_stops_the_client_from_being_configured_and_says_so()
    {
        var plugin = WritePlugin("""
            #!/bin/sh
            echo "no AWS credentials found" >&2
            exit 3
            """);
        var kubeconfig = Kubeconfig(new Uri("https://127.0.0.1:1"), "insecure-skip-tls-verify: true", $"{{exec: {{apiVersion: client.authentication.k8s.io/v1beta1, command: {plugin}}}}}");

        var error = Assert.ThrowsAny<Exception>(() => KubernetesAccess.Configuration(kubeconfig));

        Assert.Contains("external exec failed", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _certificates.Dispose();
        _dir.Dispose();
    }

    /// <summary>An OIDC issuer: its discovery document names its token endpoint, which answers <paramref name="tokenResponse"/>.</summary>
    private static async Task<StubApiServer> OidcIssuerAsync(string tokenResponse, int status = 200)
    {
        StubApiServer? issuer = null;
        issuer = await StubApiServer.StartAsync(c => c.Request.Path == "/.well-known/openid-configuration"
            ? KubernetesClientTests.Json(c, 200, $$"""{"issuer":"{{issuer!.BaseAddress}}","token_endpoint":"{{issuer.BaseAddress}}oauth/token"}""")
            : KubernetesClientTests.Json(c, status, tokenResponse));
        return issuer;
    }

    private static string Oidc(Uri issuer, string idToken, string refreshToken) =>
        $"{{auth-provider: {{name: oidc, config: {{client-id: airwave, idp-issuer-url: '{issuer}', id-token: '{idToken}', refresh-token: {refreshToken}}}}}}}";

    /// <summary>An unsigned JWT that expires <paramref name="fromNow"/>.</summary>
    private static string IdToken(TimeSpan fromNow)
    {
        var exp = DateTimeOffset.UtcNow.Add(fromNow).ToUnixTimeSeconds();
        return $"e30.{Convert.ToBase64String(Encoding.UTF8.GetBytes($"{{\"exp\":{exp}}}")).TrimEnd('=').Replace('+', '-').Replace('/', '_')}.c2ln";
    }

    private static string Base64(string pem) => Convert.ToBase64String(Encoding.UTF8.GetBytes(pem));

    /// <param name="cluster">More of the cluster's fields, as one YAML line.</param>
    /// <param name="user">The user, as a YAML flow mapping.</param>
    private string Kubeconfig(Uri server, string cluster, string user, string? contextNamespace = null) =>
        _dir.Write($"config-{Guid.NewGuid():N}", $"""
            apiVersion: v1
            kind: Config
            current-context: test
            clusters:
            - name: test-cluster
              cluster:
                server: {server}
                {cluster}
            contexts:
            - name: test
              context:
                cluster: test-cluster
                user: test-user
                {(contextNamespace is null ? "" : $"namespace: {contextNamespace}")}
            users:
            - name: test-user
              user: {user}
            """);

    private string WritePlugin(string script)
    {
        var path = _dir.Write("plugin.sh", script.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
