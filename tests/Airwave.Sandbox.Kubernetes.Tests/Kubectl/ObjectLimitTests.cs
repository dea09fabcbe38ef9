using Airwave.Sandbox.Kubernetes.Tests.Infrastructure;

namespace Airwave.Sandbox.Kubernetes.Tests.Kubectl;

/// <summary>What kube-apiserver refuses that a lenient server would store: bad labels and oversized objects.</summary>
public sealed class ObjectLimitTests(SandboxFixture sandbox) : KubectlTestBase(sandbox), IClassFixture<SandboxFixture>
{
    [Theory]
    [InlineData("bad key", "x", "metadata.labels: Invalid value: \"bad key\": name part must consist of alphanumeric characters")]
    [InlineData("UPPER.example.com/name", "x", "metadata.labels: Invalid value: \"UPPER.example.com/name\": prefix part a lowercase RFC 1123 subdomain")]
    [InlineData("app", "-starts-with-dash", "metadata.labels: Invalid value: \"-starts-with-dash\": a valid label must be an empty string")]
    [InlineData("app", "a234567890123456789012345678901234567890123456789012345678901234", "must be no more than 63 characters")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234", "x", "name part must be no more than 63 characters")]
    public async Task Label_keys_and_values_are_validated_as_the_apiserver_does(string key, string value, string expected)
    {
        var result = await TryApplyAsync($$"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: labelled
              labels:
                "{{key}}": "{{value}}"
            """);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("is invalid", result.StandardError, StringComparison.Ordinal);
        Assert.Contains(expected, result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Valid_labels_with_prefixes_and_empty_values_are_stored()
    {
        await ApplyAsync("""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: labelled
              labels:
                app.kubernetes.io/name: airwave
                example.com/empty: ""
                My_Name.v2: A-b_c.3
            """);

        Assert.Contains("airwave", await InNamespaceAsync("get", "configmap", "labelled", "-o", "jsonpath={.metadata.labels}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_config_map_over_one_mebibyte_is_refused_and_a_smaller_one_stored()
    {
        var directory = Directory.CreateTempSubdirectory("airwave-limits-").FullName;
        try
        {
            var big = Path.Combine(directory, "big.txt");
            await File.WriteAllTextAsync(big, new string('x', (1024 * 1024) + 1));
            var small = Path.Combine(directory, "small.txt");
            await File.WriteAllTextAsync(small, new string('x', 900 * 1024));

            var refused = await TryInNamespaceAsync("create", "configmap", "big", $"--from-file=payload={big}");
            var stored = await TryInNamespaceAsync("create", "configmap", "small", $"--from-file=payload={small}");

            Assert.NotEqual(0, refused.ExitCode);
            Assert.Contains("Too long: must have at most 1048576 bytes", refused.StandardError, StringComparison.Ordinal);
            Assert.True(stored.ExitCode == 0, stored.ToString());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task An_object_over_one_and_a_half_mebibytes_is_refused_as_too_large()
    {
        var padding = new string('x', 1600 * 1024);
        var result = await TryApplyAsync(Manifests.Widget("heavy", "Running", $"  labels:\n    padding: \"{padding}\""), "--server-side");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("request is too large", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Annotations_over_256_kibibytes_are_refused()
    {
        var padding = new string('x', 300 * 1024);
        var result = await TryApplyAsync($$"""
            apiVersion: v1
            kind: ServiceAccount
            metadata:
              name: annotated
              annotations:
                example.com/padding: "{{padding}}"
            """, "--server-side");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("metadata.annotations: Too long: must have at most 262144 bytes", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("secrets", """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"stringData":{"x":true}}""", "Secret in version \"v1\" cannot be handled as a Secret: json: cannot unmarshal bool into Go struct field Secret.stringData of type string")]
    [InlineData("configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"x":5}}""", "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string")]
    [InlineData("configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":"x"}}""", "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal string into Go struct field ObjectMeta.metadata.labels of type map[string]string")]
    public async Task A_field_of_the_wrong_type_is_a_bad_request_naming_it(string resource, string body, string message)
    {
        var (status, answer, _) = await Sandbox.Client.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{Namespace}/{resource}", System.Text.Json.Nodes.JsonNode.Parse(body));

        Assert.Equal(400, status);
        Assert.Equal("BadRequest", (string?)answer?["reason"]);
        Assert.Equal(message, (string?)answer?["message"]);
    }
}
