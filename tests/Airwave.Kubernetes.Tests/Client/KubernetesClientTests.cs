using System.Text.Json.Nodes;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Client.Errors;
using Airwave.Kubernetes.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Airwave.Kubernetes.Tests.Client;

public sealed class KubernetesClientTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Get_reads_the_typed_object_from_the_object_path_with_the_bearer_token()
    {
        await using var server = await StubApiServer.StartAsync(context => Json(context, 200, """
            {"apiVersion":"test.airwave.io/v1","kind":"Widget","metadata":{"name":"w1","namespace":"media","resourceVersion":"7","creationTimestamp":"2026-11-21T10:00:00Z"},"spec":{"replicas":3}}
            """));
        using var client = new KubernetesClient(server.Configuration(token: "secret-token"), TestJson.Client);

        var widget = await client.GetAsync<TestObject>(TestObject.Type, "media", "w1", None);

        Assert.Equal(3, widget.Spec.Replicas);
        Assert.Equal("7", widget.Metadata.ResourceVersion);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero), widget.Metadata.CreationTimestamp);
        var request = Assert.Single(server.Requests);
        Assert.Equal(("GET", "/apis/test.airwave.io/v1/namespaces/media/widgets/w1", "Bearer secret-token"), (request.Method, request.PathAndQuery, request.Authorization));
    }

    [Theory]
    [InlineData(404, "NotFound", typeof(NotFoundException))]
    [InlineData(409, "AlreadyExists", typeof(AlreadyExistsException))]
    [InlineData(409, "Conflict", typeof(ConflictException))]
    [InlineData(410, "Expired", typeof(GoneException))]
    [InlineData(403, "Forbidden", typeof(ForbiddenException))]
    [InlineData(500, "InternalError", typeof(ServerErrorException))]
    public async Task A_failure_raises_the_matching_exception_carrying_the_servers_Status(int code, string reason, Type expected)
    {
        await using var server = await StubApiServer.StartAsync(context => Json(context, code, $$"""
            {"kind":"Status","apiVersion":"v1","status":"Failure","message":"widgets \"w1\" says {{reason}}","reason":"{{reason}}","details":{"name":"w1","kind":"widgets"},"code":{{code}}}
            """));
        using var client = new KubernetesClient(server.Configuration(), TestJson.Client);

        var error = await Assert.ThrowsAnyAsync<KubernetesApiException>(() => client.GetAsync<TestObject>(TestObject.Type, "default", "w1", None));

        Assert.IsType(expected, error);
        Assert.Equal((code, reason, "w1"), ((int)error.StatusCode, error.Status.Reason, error.Status.Details?.Name));
        Assert.Contains($"says {reason}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_object_reports_the_failing_fields()
    {
        await using var server = await StubApiServer.StartAsync(context => Json(context, 422, """
            {"kind":"Status","apiVersion":"v1","status":"Failure","message":"Widget.test.airwave.io \"w1\" is invalid","reason":"Invalid",
             "details":{"name":"w1","causes":[{"reason":"FieldValueInvalid","message":"Invalid value: -1","field":"spec.replicas"}]},"code":422}
            """));
        using var client = new KubernetesClient(server.Configuration(), TestJson.Client);

        var error = await Assert.ThrowsAsync<InvalidException>(() => client.CreateAsync(TestObject.Type, TestObject.Named("w1", replicas: -1), None));

        var cause = Assert.Single(error.Status.Details!.Causes!);
        Assert.Equal(("FieldValueInvalid", "spec.replicas"), (cause.Reason, cause.Field));
    }

    [Fact]
    public async Task A_non_Status_error_body_becomes_the_message()
    {
        await using var server = await StubApiServer.StartAsync(async context =>
        {
            context.Response.StatusCode = 502;
            await context.Response.WriteAsync("upstream connect error");
        });
        using var client = new KubernetesClient(server.Configuration(), TestJson.Client);

        var error = await Assert.ThrowsAsync<ServerErrorException>(() => client.GetAsync<TestObject>(TestObject.Type, "default", "w1", None));

        Assert.Equal("upstream connect error", error.Status.Message);
    }

    [Fact]
    public async Task Too_many_requests_is_retried_after_the_servers_Retry_After()
    {
        var calls = 0;
        await using var server = await StubApiServer.StartAsync(context =>
        {
            if (Interlocked.Increment(ref calls) <= 2)
            {
                context.Response.Headers.RetryAfter = "1";
                return Json(context, 429, """{"kind":"Status","status":"Failure","reason":"TooManyRequests","code":429}""");
            }

            return Json(context, 200, """{"metadata":{"name":"w1","namespace":"default"},"spec":{"replicas":1}}""");
        });
        using var client = new KubernetesClient(server.Configuration(), TestJson.Client);
        var started = DateTimeOffset.UtcNow;

        var widget = await client.GetAsync<TestObject>(TestObject.Type, "default", "w1", None);

        Assert.Equal("w1", widget.Metadata.Name);
        Assert.Equal(3, server.Requests.Count);
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromSeconds(1.9), "the client must wait the Retry-After seconds between attempts");
    }

    [Fact]
    public async Task Too_many_requests_surfaces_once_the_retries_are_used_up()
    {
        await using var server = await StubApiServer.StartAsync(context =>
        {
            context.Response.Headers.RetryAfter = "0";
            return Json(context, 429, """{"kind":"Status","status":"Failure","reason":"TooManyRequests","code":429}""");
        });
        using var client = new KubernetesClient(server.Configuration(), new KubernetesClientOptions { Json = TestJson.Options, MaxRetries = 2 });

        await Assert.ThrowsAsync<TooManyRequestsException>(() => client.GetAsync<TestObject>(TestObject.Type, "default", "w1", None));

        Assert.Equal(3, server.Requests.Count);
    }

    [Theory]
    [InlineData(PatchType.Merge, "application/merge-patch+json", "")]
    [InlineData(PatchType.Json, "application/json-patch+json", "")]
    [InlineData(PatchType.Apply, "application/apply-patch+yaml", "?fieldManager=airwave&force=true")]
    public async Task Patches_are_sent_with_their_content_type_and_apply_options(PatchType type, string contentType, string query)
    {
        await using var server = await StubApiServer.StartAsync(context => Json(context, 200, """{"metadata":{"name":"w1","namespace":"default"},"spec":{"replicas":2}}"""));
        using var client = new KubernetesClient(server.Configuration(), TestJson.Client);
        var patch = type switch
        {
            PatchType.Merge => KubernetesPatch.Merge(new JsonObject { ["spec"] = new JsonObject { ["replicas"] = 2 } }),
            PatchType.Json => KubernetesPatch.Json([new JsonObject { ["op"] = "replace", ["path"] = "/spec/replicas", ["value"] = 2 }]),
            _ => KubernetesPatch.Apply(new JsonObject { ["apiVersion"] = "test.airwave.io/v1", ["kind"] = "Widget", ["spec"] = new JsonObject { ["replicas"] = 2 } }, "airwave", force: true),
        };

        var patched = await client.PatchAsync<TestObject>(TestObject.Type, "default", "w1", patch, None, subresource: "status");

        Assert.Equal(2, patched.Spec.Replicas);
        var request = Assert.Single(server.Requests);
        Assert.Equal(("PATCH", $"/apis/test.airwave.io/v1/namespaces/default/widgets/w1/status{query}", contentType), (request.Method, request.PathAndQuery, request.ContentType));
        Assert.Equal(patch.Body.ToJsonString(), request.Body);
    }

    [Fact]
    public async Task Create_fills_in_apiVersion_and_kind_and_delete_reports_whether_the_object_existed()
    {
        await using var server = await StubApiServer.StartAsync(context => context.Request.Method switch
        {
            "POST" => Json(context, 201, """{"metadata":{"name":"w1","namespace":"default","uid":"u1"},"spec":{"replicas":1}}"""),
            _ when context.Request.Path.Value!.EndsWith("/gone", StringComparison.Ordinal) => Json(context, 404, """{"kind":"Status","reason":"NotFound","code":404}"""),
            _ => Json(context, 200, """{"kind":"Status","status":"Success"}"""),
        });
        using var client = new KubernetesClient(server.Configuration(), TestJson.Client);

        var created = await client.CreateAsync(TestObject.Type, TestObject.Named("w1") with { ApiVersion = null, Kind = null }, None);
        var deleted = await client.DeleteAsync(TestObject.Type, "default", "w1", None, new DeleteOptions { PropagationPolicy = "Foreground" });
        var deletedAgain = await client.DeleteAsync(TestObject.Type, "default", "gone", None);

        Assert.Equal("u1", created.Metadata.Uid);
        Assert.True(deleted);
        Assert.False(deletedAgain);
        var requests = server.Requests.ToList();
        Assert.Contains("\"apiVersion\":\"test.airwave.io/v1\",\"kind\":\"Widget\"", requests[0].Body, StringComparison.Ordinal);
        Assert.Equal("/apis/test.airwave.io/v1/namespaces/default/widgets", requests[0].PathAndQuery);
        Assert.Contains("\"propagationPolicy\":\"Foreground\"", requests[1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_yields_changes_and_bookmarks_then_raises_an_expired_resource_version_as_Gone()
    {
        await using var server = await StubApiServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""
                {"type":"ADDED","object":{"metadata":{"name":"a","namespace":"default","resourceVersion":"11"},"spec":{"replicas":1}}}
                {"type":"MODIFIED","object":{"metadata":{"name":"a","namespace":"default","resourceVersion":"12"},"spec":{"replicas":2}}}
                {"type":"BOOKMARK","object":{"kind":"Widget","apiVersion":"test.airwave.io/v1","metadata":{"resourceVersion":"15"}}}
                {"type":"DELETED","object":{"metadata":{"name":"a","namespace":"default","resourceVersion":"16"},"spec":{"replicas":2}}}
                {"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 10 (20)","reason":"Expired","code":410}}

                """);
        });
        using var client = new KubernetesClient(server.Configuration(), TestJson.Client);
        var seen = new List<(WatchEventType, string?, int?)>();

        var error = await Assert.ThrowsAsync<GoneException>(async () =>
        {
            var options = new WatchOptions { ResourceVersion = "10", Timeout = TimeSpan.FromMinutes(7) };
            await foreach (var change in client.WatchAsync<TestObject>(TestObject.Type, "default", options, None))
            {
                seen.Add((change.Type, change.ResourceVersion, change.Resource?.Spec.Replicas));
            }
        });

        Assert.Equal(
            [(WatchEventType.Added, "11", 1), (WatchEventType.Modified, "12", 2), (WatchEventType.Bookmark, "15", null), (WatchEventType.Deleted, "16", 2)],
            seen);
        Assert.Equal("too old resource version: 10 (20)", error.Status.Message);
        Assert.Equal(
            "/apis/test.airwave.io/v1/namespaces/default/widgets?watch=true&resourceVersion=10&allowWatchBookmarks=true&timeoutSeconds=420",
            Assert.Single(server.Requests).PathAndQuery);
    }

    [Fact]
    public async Task Watch_reads_an_event_split_across_chunks_and_one_whose_object_comes_before_its_type()
    {
        await using var server = await StubApiServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"type":"ADDED","object":{"metadata":{"name":"a","namespace":"default","resourceVersion":"11"},""");
            await context.Response.Body.FlushAsync();
            await Task.Delay(50);
            await context.Response.WriteAsync("\"spec\":{\"replicas\":3}}}\n");
            await context.Response.WriteAsync("""{"object":{"metadata":{"name":"a","namespace":"default","resourceVersion":"12"},"spec":{"replicas":4}},"type":"MODIFIED"}""");
        });
        using var client = new KubernetesClient(server.Configuration(), TestJson.Client);
        var seen = new List<(WatchEventType, string?, int?)>();

        await foreach (var change in client.WatchAsync<TestObject>(TestObject.Type, "default", new WatchOptions(), None))
        {
            seen.Add((change.Type, change.ResourceVersion, change.Resource?.Spec.Replicas));
        }

        Assert.Equal([(WatchEventType.Added, "11", 3), (WatchEventType.Modified, "12", 4)], seen);
    }

    [Fact]
    public async Task An_update_from_a_typed_read_keeps_what_server_side_apply_recorded()
    {
        // Typed objects leave managedFields out; the API server keeps the recorded owners when a write leaves them out,
        // so another manager's apply of a field the first one set still conflicts.
        await using var cluster = await SandboxCluster.StartAsync();
        var applied = JsonNode.Parse("""{"apiVersion":"test.airwave.io/v1","kind":"Widget","metadata":{"name":"owned","namespace":"default"},"spec":{"replicas":2}}""")!.AsObject();
        await cluster.Client.PatchAsync<TestObject>(TestObject.Type, "default", "owned", KubernetesPatch.Apply(applied, "deployer"), None);

        var read = await cluster.Client.GetAsync<TestObject>(TestObject.Type, "default", "owned", None);
        var labels = new Dictionary<string, string> { ["tier"] = "gold" };
        await cluster.Client.UpdateAsync(TestObject.Type, read with { Metadata = read.Metadata with { Labels = labels } }, None);

        var otherManager = KubernetesPatch.Apply(JsonNode.Parse("""{"apiVersion":"test.airwave.io/v1","kind":"Widget","metadata":{"name":"owned","namespace":"default"},"spec":{"replicas":5}}""")!.AsObject(), "someone-else");
        var conflict = await Assert.ThrowsAsync<ConflictException>(() => cluster.Client.PatchAsync<TestObject>(TestObject.Type, "default", "owned", otherManager, None));
        Assert.Contains("deployer", conflict.Message, StringComparison.Ordinal);
        var stored = await cluster.Client.GetAsync<TestObject>(TestObject.Type, "default", "owned", None);
        Assert.Equal((2, "gold"), (stored.Spec.Replicas, stored.Metadata.Labels!["tier"]));
    }

    internal static async Task Json(HttpContext context, int code, string body)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }
}
