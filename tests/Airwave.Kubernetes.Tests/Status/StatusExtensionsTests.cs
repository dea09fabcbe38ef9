using System.Text.Json.Nodes;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Status;
using Airwave.Kubernetes.Tests.Client;
using Airwave.Kubernetes.Tests.Support;

namespace Airwave.Kubernetes.Tests.Status;

public sealed class StatusExtensionsTests
{
    [Fact]
    public async Task Only_the_changed_status_fields_are_patched_through_the_status_subresource()
    {
        await using var server = await StubApiServer.StartAsync(c => KubernetesClientTests.Json(c, 200, c.Request.Method == "PATCH"
            ? """{"metadata":{"name":"w1","namespace":"default","resourceVersion":"8"},"spec":{"replicas":2},"status":{"observedReplicas":2}}"""
            : "{}"));
        using var client = new KubernetesClient(server.Configuration(), TestJson.Client);
        var original = TestObject.Named("w1", replicas: 2) with { Status = new TestStatus { ObservedReplicas = 1, Conditions = [] } };

        var unchanged = await client.UpdateStatusIfChangedAsync(TestObject.Type, original, original with { Spec = new TestSpec { Replicas = 5 } }, CancellationToken.None);
        var updated = await client.UpdateStatusIfChangedAsync(TestObject.Type, original, original with { Status = new TestStatus { ObservedReplicas = 2 } }, CancellationToken.None);

        Assert.Same(original, unchanged);
        Assert.Equal("8", updated.Metadata.ResourceVersion);
        var request = Assert.Single(server.Requests);
        Assert.Equal(("PATCH", "/apis/test.airwave.io/v1/namespaces/default/widgets/w1/status", "application/merge-patch+json"), (request.Method, request.PathAndQuery, request.ContentType));
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse("""{"status":{"observedReplicas":2,"conditions":null}}"""), JsonNode.Parse(request.Body)),
            $"unexpected patch {request.Body}");
    }

    [Fact]
    public async Task A_write_only_if_current_from_a_stale_read_conflicts_and_keeps_what_the_server_has()
    {
        await using var cluster = await SandboxCluster.StartAsync();
        var created = await cluster.CreateWidgetAsync("history");
        var first = await cluster.Client.UpdateStatusIfChangedAsync(TestObject.Type, created, created with { Status = new TestStatus { ObservedReplicas = 1, Conditions = [] } }, CancellationToken.None, onlyIfCurrent: true);

        // A writer that still holds the object as created (a cache that has not seen the first write) would drop it.
        var stale = await Assert.ThrowsAsync<Airwave.Kubernetes.Client.Errors.ConflictException>(() =>
            cluster.Client.UpdateStatusIfChangedAsync(TestObject.Type, created, created with { Status = new TestStatus { ObservedReplicas = 7 } }, CancellationToken.None, onlyIfCurrent: true));
        var current = await cluster.Client.UpdateStatusIfChangedAsync(TestObject.Type, first, first with { Status = new TestStatus { ObservedReplicas = 2, Conditions = [] } }, CancellationToken.None, onlyIfCurrent: true);

        Assert.Contains("modified", stale.Message, StringComparison.Ordinal);
        Assert.Equal(2, current.Status!.ObservedReplicas);
    }
}
