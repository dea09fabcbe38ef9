using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Airwave.Sandbox.Aws;
using Airwave.Webhook.Configuration;
using Airwave.Webhook.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Airwave.Webhook.Tests;

/// <summary>
/// The admission certificate the webhook service issues itself where there is no cert-manager: kept in the Secret
/// the chart makes empty (the service makes none), trusted through the webhook configuration's caBundle, served by
/// every replica, renewed before it expires; and called by the sandbox's API server through a Service, as
/// kube-apiserver calls a service client config.
/// </summary>
public sealed class SelfIssuedCertificateTests(CallbackSandbox sandbox) : IClassFixture<CallbackSandbox>
{
    private const string Service = "airwave-webhook-admission";
    private const string Bad = "apiVersion: media.airwave.dev/v1alpha1\nkind: LiveStream\nmetadata: { name: bad }\nspec: { source: { type: Pull } }\n";
    private const string Refusal = "spec.source.pull: Required value: spec.source.type Pull needs the URL to pull (url)";

    [Fact]
    public async Task The_certificate_is_stored_in_the_secret_given_trusted_and_served_through_the_service()
    {
        var (ns, configuration) = await RegisterAsync(withSecret: false);
        var looked = 0;
        using var looking = sandbox.Host.Kubernetes.Faults.Observe(r => Interlocked.Add(ref looked, r is { Resource: "secrets", Verb: "get", Name: Service } && r.Namespace == ns ? 1 : 0));
        await using var replica = await StartReplicaAsync(ns, configuration, "365.00:00:00");
        await RouteAsync(ns, replica.AdmissionPort);

        // Without its Secret the service issues nothing and is not ready; having looked for it again, it has made none of its own.
        await Eventually.MatchAsync(() => Task.FromResult(Volatile.Read(ref looked)), n => n >= 2, CallbackSandbox.Timeout, "the replica looking for its Secret twice");
        using var http = new HttpClient();
        using var withoutSecret = await http.GetAsync(new Uri($"http://127.0.0.1:{replica.ManagementPort.ToString(CultureInfo.InvariantCulture)}/readyz"));
        Assert.False(withoutSecret.IsSuccessStatusCode);
        Assert.Equal("", (await sandbox.Kubectl.SucceedAsync("get", "secrets", "-n", ns, "-o", "name")).Trim());
        await CreateSecretAsync(ns);

        // Until the certificate is issued and trusted, the call fails (failurePolicy Fail); then the rules answer.
        var refused = await Eventually.MatchAsync(() => ApplyAsync(ns, Bad), r => r.StandardError.Contains(Refusal, StringComparison.Ordinal), CallbackSandbox.Timeout, "the bad stream refused by the rules");
        var good = await ApplyAsync(ns, "apiVersion: media.airwave.dev/v1alpha1\nkind: LiveStream\nmetadata: { name: good }\nspec: { source: { type: RtmpPush } }\n");

        Assert.NotEqual(0, refused.ExitCode);
        Assert.True(good.ExitCode == 0, good.ToString());
        Assert.Equal("Opaque", await GetAsync("secret", Service, ns, "{.type}"));
        var authorities = await GetAsync("secret", Service, ns, "{.data.ca\\.crt}");
        Assert.Equal(authorities, await GetAsync("validatingwebhookconfiguration", configuration, null, "{.webhooks[0].clientConfig.caBundle}"));
        using var served = await ServedCertificateAsync(ns, replica.AdmissionPort);
        Assert.Equal(await SecretCertificateAsync(ns), served.ExportCertificatePem().Trim());
        Assert.Contains($"{Service}.{ns}.svc", served.GetNameInfo(X509NameType.DnsName, forIssuer: false), StringComparison.Ordinal);
        using var ready = await http.GetAsync(new Uri($"http://127.0.0.1:{replica.ManagementPort.ToString(CultureInfo.InvariantCulture)}/readyz"));
        Assert.True(ready.IsSuccessStatusCode, await ready.Content.ReadAsStringAsync());
        await sandbox.Kubectl.SucceedAsync("delete", "validatingwebhookconfiguration", configuration);
    }

    [Fact]
    public async Task Every_replica_serves_the_renewed_certificate_before_the_old_one_expires_under_the_same_authority()
    {
        var (ns, configuration) = await RegisterAsync();
        try
        {
            // Six seconds: renewed after four, checked every second.
            await using var first = await StartReplicaAsync(ns, configuration, "00:00:06");
            await using var second = await StartReplicaAsync(ns, configuration, "00:00:06");
            await RouteAsync(ns, first.AdmissionPort, second.AdmissionPort);
            await Eventually.MatchAsync(() => ApplyAsync(ns, Bad), r => r.StandardError.Contains(Refusal, StringComparison.Ordinal), CallbackSandbox.Timeout, "the bad stream refused by the rules");
            var issued = await SecretCertificateAsync(ns);
            var authorities = await GetAsync("validatingwebhookconfiguration", configuration, null, "{.webhooks[0].clientConfig.caBundle}");

            var renewed = await Eventually.MatchAsync(() => SecretCertificateAsync(ns), pem => pem != issued, TimeSpan.FromSeconds(20), "the certificate renewed");
            foreach (var port in new[] { first.AdmissionPort, second.AdmissionPort })
            {
                await Eventually.MatchAsync(
                    async () =>
                    {
                        using var served = await ServedCertificateAsync(ns, port);
                        return (Pem: served.ExportCertificatePem().Trim(), Left: served.NotAfter.ToUniversalTime() - DateTime.UtcNow);
                    },
                    s => s.Pem != issued && s.Left > TimeSpan.Zero,
                    TimeSpan.FromSeconds(10),
                    $"replica on port {port} serving a renewed certificate");
            }

            Assert.NotEqual(issued, renewed);
            Assert.Equal(authorities, await GetAsync("validatingwebhookconfiguration", configuration, null, "{.webhooks[0].clientConfig.caBundle}"));
            var refused = await ApplyAsync(ns, Bad);
            Assert.Contains(Refusal, refused.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            await sandbox.Kubectl.SucceedAsync("delete", "validatingwebhookconfiguration", configuration);
        }
    }

    [Theory]
    [InlineData("secrets", "update", true)]
    [InlineData("secrets", "update", false)]
    [InlineData("validatingwebhookconfigurations", "update", true)]
    public async Task A_write_refused_or_whose_answer_is_lost_still_ends_with_one_certificate_stored_trusted_and_served(string resource, string verb, bool lost)
    {
        var (ns, configuration) = await RegisterAsync();
        var faults = sandbox.Host.Kubernetes.Faults;
        bool Write(Airwave.Sandbox.Kubernetes.FaultRequest r) => r.Resource == resource && r.Verb == verb && (r.Namespace == ns || r.Name == configuration);
        if (lost)
        {
            faults.LoseResponseNext(1, Write);
        }
        else
        {
            faults.FailNext(1, 500, Write);
        }

        var writes = 0;
        using var counting = faults.Observe(r => Interlocked.Add(ref writes, Write(r) ? 1 : 0));
        await using var replica = await StartReplicaAsync(ns, configuration, "365.00:00:00");
        await RouteAsync(ns, replica.AdmissionPort);
        try
        {
            await Eventually.MatchAsync(() => ApplyAsync(ns, Bad), r => r.StandardError.Contains(Refusal, StringComparison.Ordinal), CallbackSandbox.Timeout, "the bad stream refused by the rules");

            // A refused write is made again; one whose answer was lost took effect, and what it stored is read back and
            // served (not the certificate the replica had made before it lost the answer).
            Assert.True(resource != "secrets" || writes == (lost ? 1 : 2), $"{writes} {verb} requests");

            // One Secret, whose certificate is the one served and whose authority is the one trusted.
            Assert.Equal($"secret/{Service}", (await sandbox.Kubectl.SucceedAsync("get", "secrets", "-n", ns, "-o", "name")).Trim());
            using var served = await ServedCertificateAsync(ns, replica.AdmissionPort);
            Assert.Equal(await SecretCertificateAsync(ns), served.ExportCertificatePem().Trim());
            Assert.Equal(await GetAsync("secret", Service, ns, "{.data.ca\\.crt}"), await GetAsync("validatingwebhookconfiguration", configuration, null, "{.webhooks[0].clientConfig.caBundle}"));
        }
        finally
        {
            await sandbox.Kubectl.SucceedAsync("delete", "validatingwebhookconfiguration", configuration);
        }
    }

    [Fact]
    public async Task A_service_whose_certificate_does_not_name_it_is_not_trusted()
    {
        // The fixture's webhook serves a certificate for 127.0.0.1 and localhost, from the authority in the caBundle.
        var (ns, configuration) = await RegisterAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(sandbox.AdmissionCertificates.AuthorityPem)));
        try
        {
            await RouteAsync(ns, sandbox.AdmissionUrl.Port);

            var applied = await ApplyAsync(ns, Bad);

            Assert.NotEqual(0, applied.ExitCode);
            Assert.Contains($"failed calling webhook \"{configuration}.media.airwave.dev\": failed to call webhook: Post \"https://{Service}.{ns}.svc/validate?timeout=5s\"", applied.StandardError, StringComparison.Ordinal);
            Assert.DoesNotContain(Refusal, applied.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            await sandbox.Kubectl.SucceedAsync("delete", "validatingwebhookconfiguration", configuration);
        }
    }

    [Fact]
    public async Task A_service_without_endpoints_fails_the_call_saying_so()
    {
        var (ns, configuration) = await RegisterAsync();
        try
        {
            var missing = await ApplyAsync(ns, Bad);
            await sandbox.Kubectl.RunWithInputAsync($"apiVersion: v1\nkind: Service\nmetadata: {{ name: {Service}, namespace: {ns} }}\nspec: {{ ports: [{{ port: 443, targetPort: 9443 }}] }}\n", ["apply", "-f", "-"]);
            var empty = await ApplyAsync(ns, Bad);

            Assert.Contains($"service \"{Service}\" not found", missing.StandardError, StringComparison.Ordinal);
            Assert.Contains($"no endpoints available for service \"{Service}\"", empty.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            await sandbox.Kubectl.SucceedAsync("delete", "validatingwebhookconfiguration", configuration);
        }
    }

    /// <summary>
    /// A namespace of the test's own, with the empty Secret the chart makes unless not <paramref name="withSecret"/>,
    /// and a configuration calling the Service there, without a caBundle unless given.
    /// </summary>
    private async Task<(string Namespace, string Configuration)> RegisterAsync(string? caBundle = null, bool withSecret = true)
    {
        var ns = await sandbox.CreateNamespaceAsync();
        if (withSecret)
        {
            await CreateSecretAsync(ns);
        }

        var name = "self-issued-" + ns;
        var bundle = caBundle is null ? "" : $", caBundle: {caBundle}";
        var registered = await sandbox.Kubectl.RunWithInputAsync($$"""
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingWebhookConfiguration
            metadata: { name: {{name}} }
            webhooks:
              - name: {{name}}.media.airwave.dev
                clientConfig: { service: { namespace: {{ns}}, name: {{Service}}, path: /validate }{{bundle}} }
                rules:
                  - { operations: [CREATE, UPDATE], apiGroups: [media.airwave.dev], apiVersions: [v1alpha1], resources: [livestreams] }
                namespaceSelector: { matchExpressions: [{ key: kubernetes.io/metadata.name, operator: In, values: [{{ns}}] }] }
                failurePolicy: Fail
                sideEffects: None
                timeoutSeconds: 5
                admissionReviewVersions: [v1]
            """, ["apply", "-f", "-"]);
        Assert.True(registered.ExitCode == 0, registered.ToString());
        return (ns, name);
    }

    private Task<string> CreateSecretAsync(string ns) => sandbox.Kubectl.SucceedAsync("create", "secret", "generic", Service, "-n", ns);

    /// <summary>The Service without a selector, and an EndpointSlice sending it to the given loopback ports.</summary>
    private async Task RouteAsync(string ns, params int[] ports)
    {
        var endpoints = string.Join("\n", ports.Select((port, i) => $$"""
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: { name: {{Service}}-{{i}}, namespace: {{ns}}, labels: { kubernetes.io/service-name: {{Service}} } }
            addressType: IPv4
            ports: [{ port: {{port}}, protocol: TCP }]
            endpoints: [{ addresses: [127.0.0.1], conditions: { ready: true } }]
            """));
        var applied = await sandbox.Kubectl.RunWithInputAsync(
            $"apiVersion: v1\nkind: Service\nmetadata: {{ name: {Service}, namespace: {ns} }}\nspec: {{ ports: [{{ port: 443, targetPort: {ports[0]} }}] }}\n{endpoints}\n",
            ["apply", "-f", "-"]);
        Assert.True(applied.ExitCode == 0, applied.ToString());
    }

    private async Task<Replica> StartReplicaAsync(string ns, string configuration, string lifetime)
    {
        var (callback, management, admission) = (LoopbackPorts.Reserve(), LoopbackPorts.Reserve(), LoopbackPorts.Reserve());
        var app = WebhookHost.Build(configure: builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kubernetes:Kubeconfig"] = sandbox.Host.KubeconfigPath,
            [WebhookSettings.SecretVariable] = sandbox.Host.Mux!.Options.WebhookSecret,
            ["Webhook:BindAddress"] = "127.0.0.1",
            ["Webhook:CallbackPort"] = callback.ToString(CultureInfo.InvariantCulture),
            ["Webhook:ManagementPort"] = management.ToString(CultureInfo.InvariantCulture),
            ["Webhook:AdmissionPort"] = admission.ToString(CultureInfo.InvariantCulture),
            ["Webhook:AdmissionIssuer:Secret"] = Service,
            ["Webhook:AdmissionIssuer:Namespace"] = ns,
            ["Webhook:AdmissionIssuer:Service"] = Service,
            ["Webhook:AdmissionIssuer:WebhookConfiguration"] = configuration,
            ["Webhook:AdmissionIssuer:Lifetime"] = lifetime,
        }));
        await app.StartAsync();
        return new Replica(app, admission, management);
    }

    private async Task<string> SecretCertificateAsync(string ns) =>
        Encoding.UTF8.GetString(Convert.FromBase64String(await GetAsync("secret", Service, ns, "{.data.tls\\.crt}"))).Trim();

    private async Task<string> GetAsync(string kind, string name, string? ns, string jsonPath) =>
        (await sandbox.Kubectl.SucceedAsync(["get", kind, name, .. ns is null ? Array.Empty<string>() : ["-n", ns], "-o", $"jsonpath={jsonPath}"])).Trim();

    /// <summary>The certificate a TLS handshake for the Service's name gets from the port.</summary>
    private static async Task<X509Certificate2> ServedCertificateAsync(string ns, int port)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(System.Net.IPAddress.Loopback, port);
        X509Certificate2? served = null;
        await using var tls = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) =>
        {
            // Whatever it is: the test compares it with the Secret's, rather than trusting it.
            served = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return served is not null;
        });
        await tls.AuthenticateAsClientAsync($"{Service}.{ns}.svc");
        return served!;
    }

    private Task<ProcessResult> ApplyAsync(string ns, string manifest) =>
        sandbox.Kubectl.RunWithInputAsync(manifest, ["apply", "-n", ns, "-f", "-"]);

    private sealed record Replica(WebApplication App, int AdmissionPort, int ManagementPort) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
