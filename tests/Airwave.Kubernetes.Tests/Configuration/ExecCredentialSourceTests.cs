using System.Collections.Concurrent;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Configuration;
using Airwave.Kubernetes.Tests.Client;
using Airwave.Kubernetes.Tests.Support;

namespace Airwave.Kubernetes.Tests.Configuration;

// The plugins are shell scripts, as on the Linux machines the operator runs on.
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ExecCredentialSourceTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task The_plugins_token_is_used_and_refreshed_before_it_expires()
    {
        // Like `aws eks get-token`: a fresh numbered token per run, valid for 10 seconds.
        var plugin = WritePlugin("""
            #!/bin/sh
            count_file="$(dirname "$0")/runs"
            count=$(( $(cat "$count_file" 2>/dev/null || echo 0) + 1 ))
            echo "$count" > "$count_file"
            expiry=$(date -u -d '+10 seconds' +%Y-%m-%dT%H:%M:%SZ)
            printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"token-%s-%s","expirationTimestamp":"%s"}}\n' "$count" "$CLUSTER_NAME" "$expiry"
            """);
        var kubeconfig = _dir.Write("config", $$"""
            current-context: eks
            clusters:
            - name: eks
              cluster: {server: "http://127.0.0.1:1"}
            contexts:
            - name: eks
              context: {cluster: eks, user: eks-user}
            users:
            - name: eks-user
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1beta1
                  command: ./{{Path.GetFileName(plugin)}}
                  env:
                  - {name: CLUSTER_NAME, value: media}
            """);
        var seenTokens = new ConcurrentQueue<string>();
        await using var server = await StubApiServer.StartAsync(context =>
        {
            seenTokens.Enqueue(context.Request.Headers.Authorization.ToString());
            return KubernetesClientTests.Json(context, 200, """{"metadata":{"name":"w1","namespace":"default"},"spec":{"replicas":1}}""");
        });
        var configuration = KubernetesClientConfiguration.FromKubeconfig(KubeconfigLoader.LoadFile(kubeconfig)) with { Server = server.BaseAddress };
        using var client = new KubernetesClient(configuration);

        // Requests for up to 20 s, until the second token shows up (half-way through the first one's life).
        var requests = 0;
        for (; requests < 200 && !seenTokens.Contains("Bearer token-2-media"); requests++)
        {
            await client.GetAsync<TestObject>(TestObject.Type, "default", "w1", CancellationToken.None);
            await Task.Delay(100);
        }

        Assert.Equal("Bearer token-1-media", seenTokens.First());
        Assert.Contains("Bearer token-2-media", seenTokens);
        var runs = int.Parse(File.ReadAllText(Path.Combine(_dir.Path, "runs")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(runs < requests, $"the token must be reused while valid ({runs} plugin runs for {requests} requests)");
    }

    [Fact]
    public async Task A_failing_plugin_reports_its_exit_code_and_error_output()
    {
        var plugin = WritePlugin("""
            #!/bin/sh
            echo "no AWS credentials found" >&2
            exit 3
            """);
        using var source = new ExecCredentialSource(new ExecConfig { Command = plugin });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => source.GetTokenAsync(CancellationToken.None).AsTask());

        Assert.Contains("exited with 3: no AWS credentials found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_plugin_names_the_install_hint()
    {
        using var source = new ExecCredentialSource(new ExecConfig { Command = Path.Combine(_dir.Path, "missing-plugin"), InstallHint = "Install the AWS CLI." });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => source.GetTokenAsync(CancellationToken.None).AsTask());

        Assert.Contains("Install the AWS CLI.", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();

    private string WritePlugin(string script)
    {
        var path = _dir.Write("plugin.sh", script.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
