using Airwave.Kubernetes.Configuration;
using Airwave.Kubernetes.Tests.Support;

namespace Airwave.Kubernetes.Tests.Configuration;

public sealed class KubeconfigLoaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void The_current_context_selects_cluster_user_and_namespace()
    {
        var path = _dir.Write("config", """
            apiVersion: v1
            kind: Config
            current-context: dev
            clusters:
            - name: dev-cluster
              cluster:
                server: https://dev.example:6443
                insecure-skip-tls-verify: true
            contexts:
            - name: dev
              context: {cluster: dev-cluster, user: dev-user, namespace: media}
            users:
            - name: dev-user
              user: {token: dev-token}
            """);

        var configuration = KubernetesClientConfiguration.FromKubeconfig(KubeconfigLoader.LoadFile(path));

        Assert.Equal(new Uri("https://dev.example:6443"), configuration.Server);
        Assert.Equal("media", configuration.Namespace);
        Assert.True(configuration.InsecureSkipTlsVerify);
        Assert.IsType<StaticTokenSource>(configuration.Credentials);
    }

    [Fact]
    public void Files_in_a_KUBECONFIG_list_merge_with_the_first_definition_of_each_name_winning()
    {
        var first = _dir.Write("a/config", """
            current-context: prod
            clusters:
            - name: shared
              cluster: {server: "https://first.example"}
            users:
            - name: me
              user: {token: first-token}
            """);
        var second = _dir.Write("b/config", """
            current-context: staging
            clusters:
            - name: shared
              cluster: {server: "https://second.example"}
            - name: staging-cluster
              cluster: {server: "https://staging.example"}
            contexts:
            - name: prod
              context: {cluster: shared, user: me}
            - name: staging
              context: {cluster: staging-cluster, user: me}
            """);
        var missing = Path.Combine(_dir.Path, "does-not-exist");

        var merged = KubeconfigLoader.Load([missing, first, second]);

        Assert.Equal("prod", merged.CurrentContext);
        Assert.Equal("https://first.example", merged.Clusters.Single(c => c.Name == "shared").Cluster.Server);
        Assert.Equal(["prod", "staging"], merged.Contexts.Select(c => c.Name).Order());
        Assert.Equal(new Uri("https://staging.example"), KubernetesClientConfiguration.FromKubeconfig(merged, "staging").Server);
        Assert.Equal("default", KubernetesClientConfiguration.FromKubeconfig(merged).Namespace);
    }

    [Fact]
    public void Relative_file_paths_resolve_against_the_kubeconfig_directory()
    {
        using var certificates = new TestCertificates();
        _dir.Write("kube/pki/ca.crt", certificates.AuthorityPem);
        _dir.Write("kube/pki/client.crt", certificates.Client.ExportCertificatePem());
        _dir.Write("kube/pki/client.key", TestCertificates.KeyPem(certificates.Client));
        _dir.Write("kube/token", "file-token\n");
        var path = _dir.Write("kube/config", """
            current-context: c
            clusters:
            - name: c
              cluster: {server: "https://127.0.0.1:6443", certificate-authority: pki/ca.crt}
            contexts:
            - name: c
              context: {cluster: c, user: u}
            users:
            - name: u
              user: {client-certificate: pki/client.crt, client-key: pki/client.key, tokenFile: token}
            """);

        var kubeconfig = KubeconfigLoader.LoadFile(path);
        var configuration = KubernetesClientConfiguration.FromKubeconfig(kubeconfig);

        Assert.Equal(Path.Combine(_dir.Path, "kube", "pki", "ca.crt"), kubeconfig.Clusters[0].Cluster.CertificateAuthority);
        Assert.Equal(certificates.Authority.Thumbprint, Assert.Single(configuration.CertificateAuthorities!).Thumbprint);
        Assert.Equal(certificates.Client.Thumbprint, configuration.ClientCertificate!.Thumbprint);
        Assert.True(configuration.ClientCertificate.HasPrivateKey);
        Assert.IsType<FileTokenSource>(configuration.Credentials);
    }

    [Fact]
    public void Embedded_certificate_data_is_read_from_base64()
    {
        using var certificates = new TestCertificates();
        var path = _dir.Write("config", $"""
            current-context: c
            clusters:
            - name: c
              cluster:
                server: https://127.0.0.1:6443
                certificate-authority-data: {Base64(certificates.AuthorityPem)}
            contexts:
            - name: c
              context: {"{"}cluster: c, user: u{"}"}
            users:
            - name: u
              user:
                client-certificate-data: {Base64(certificates.Client.ExportCertificatePem())}
                client-key-data: {Base64(TestCertificates.KeyPem(certificates.Client))}
            """);

        var configuration = KubernetesClientConfiguration.FromKubeconfig(KubeconfigLoader.LoadFile(path));

        Assert.Equal(certificates.Authority.Thumbprint, Assert.Single(configuration.CertificateAuthorities!).Thumbprint);
        Assert.Equal(certificates.Client.Thumbprint, configuration.ClientCertificate!.Thumbprint);
    }

    [Fact]
    public void A_context_naming_an_unknown_user_is_reported_by_name()
    {
        var path = _dir.Write("config", """
            current-context: c
            clusters:
            - name: c
              cluster: {server: "https://127.0.0.1:6443"}
            contexts:
            - name: c
              context: {cluster: c, user: nobody}
            """);

        var error = Assert.Throws<InvalidOperationException>(() => KubernetesClientConfiguration.FromKubeconfig(KubeconfigLoader.LoadFile(path)));

        Assert.Contains("\"nobody\"", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    private static string Base64(string text) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text));
}
