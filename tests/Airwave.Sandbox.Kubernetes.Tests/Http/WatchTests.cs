using System.Globalization;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Tests.Infrastructure;

namespace Airwave.Sandbox.Kubernetes.Tests.Http;

/// <summary>Watch semantics: initial events, resume, bookmarks, timeouts, 410 Expired and injected faults (a small history and short bookmark interval per test).</summary>
public sealed class WatchTests : IAsyncLifetime
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(20);
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private readonly SandboxFixture _sandbox = new(new KubernetesApiServerOptions { WatchHistorySize = 4, BookmarkInterval = TimeSpan.FromMilliseconds(200) });

    private KubernetesApiServer Server => _sandbox.Server;

    private SandboxClient Client => _sandbox.Client;

    public Task InitializeAsync() => _sandbox.InitializeAsync();

    public Task DisposeAsync() => _sandbox.DisposeAsync();

    [Fact]
    public async Task Watch_without_resource_version_starts_with_added_events_then_streams_changes()
    {
        await CreateAsync("before");
        await using var watch = await WatchReader.OpenAsync(Client.Http, $"{ConfigMaps}?watch=1");

        var initial = await watch.NextAsync(EventTimeout);
        await Client.PatchAsync($"{ConfigMaps}/before", new JsonObject { ["data"] = new JsonObject { ["k"] = "v" } });
        var modified = await watch.NextAsync(EventTimeout);
        await Client.SendAsync(HttpMethod.Delete, $"{ConfigMaps}/before");
        var deleted = await watch.NextAsync(EventTimeout);

        Assert.Equal(("ADDED", "before"), Describe(initial));
        Assert.Equal(("MODIFIED", "before"), Describe(modified));
        Assert.Equal(("DELETED", "before"), Describe(deleted));
        Assert.True(Version(deleted) > Version(modified));
    }

    [Fact]
    public async Task Watch_from_a_resource_version_replays_only_later_events()
    {
        var first = await CreateAsync("one");
        await CreateAsync("two");
        await CreateAsync("three");

        await using var watch = await WatchReader.OpenAsync(Client.Http, $"{ConfigMaps}?watch=true&resourceVersion={first["metadata"]!["resourceVersion"]}");

        Assert.Equal(("ADDED", "two"), Describe(await watch.NextAsync(EventTimeout)));
        Assert.Equal(("ADDED", "three"), Describe(await watch.NextAsync(EventTimeout)));
    }

    [Fact]
    public async Task Resuming_from_before_the_history_window_gets_410_expired()
    {
        var first = await CreateAsync("old");
        for (var i = 0; i < 5; i++)
        {
            await CreateAsync($"newer-{i}");
        }

        await using var watch = await WatchReader.OpenAsync(Client.Http, $"{ConfigMaps}?watch=true&resourceVersion={first["metadata"]!["resourceVersion"]}");
        var error = await watch.NextAsync(EventTimeout);

        Assert.Equal(200, watch.StatusCode);
        Assert.Equal("ERROR", (string?)error!["type"]);
        Assert.Equal(410, (int)error["object"]!["code"]!);
        Assert.Equal("Expired", (string?)error["object"]!["reason"]);
    }

    [Fact]
    public async Task Expiring_the_history_makes_every_older_resume_410()
    {
        var created = await CreateAsync("expiring");
        Server.Faults.ExpireWatchHistory();

        await using var watch = await WatchReader.OpenAsync(Client.Http, $"{ConfigMaps}?watch=true&resourceVersion={Version(created) - 1}");

        Assert.Equal(410, (int)(await watch.NextAsync(EventTimeout))!["object"]!["code"]!);
    }

    [Fact]
    public async Task Bookmarks_come_when_allowed_and_send_initial_events_ends_with_the_marker()
    {
        await CreateAsync("marked");
        await using var watch = await WatchReader.OpenAsync(Client.Http, $"{ConfigMaps}?watch=true&allowWatchBookmarks=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan");

        var added = await watch.NextAsync(EventTimeout);
        var end = await watch.NextAsync(EventTimeout);
        var periodic = await watch.NextAsync(EventTimeout);

        Assert.Equal(("ADDED", "marked"), Describe(added));
        Assert.Equal("BOOKMARK", (string?)end!["type"]);
        Assert.Equal("true", (string?)end["object"]!["metadata"]!["annotations"]!["k8s.io/initial-events-end"]);
        Assert.Equal("BOOKMARK", (string?)periodic!["type"]);
        Assert.True(Version(periodic) >= Version(added));
    }

    [Fact]
    public async Task Timeout_seconds_ends_the_stream_cleanly()
    {
        await using var watch = await WatchReader.OpenAsync(Client.Http, $"{ConfigMaps}?watch=true&timeoutSeconds=1");

        Assert.Null(await watch.NextAsync(EventTimeout));
    }

    [Fact]
    public async Task Dropped_watches_end_abruptly()
    {
        await using var watch = await WatchReader.OpenAsync(Client.Http, $"{ConfigMaps}?watch=true");
        Server.Faults.DropWatches();

        await Assert.ThrowsAnyAsync<IOException>(() => watch.NextAsync(EventTimeout));
    }

    [Fact]
    public async Task Injected_failures_are_status_objects_with_retry_after()
    {
        Server.Faults.FailNext(2, 429, r => r.Verb == "list" && r.Resource == "configmaps", TimeSpan.FromSeconds(3));

        var (firstStatus, first, firstResponse) = await Client.SendAsync(HttpMethod.Get, ConfigMaps);
        var (secondStatus, _, _) = await Client.SendAsync(HttpMethod.Get, ConfigMaps);
        var (thirdStatus, _, _) = await Client.SendAsync(HttpMethod.Get, ConfigMaps);
        int whileStatus;
        using (Server.Faults.FailWhile(r => r.Verb == "create", 500))
        {
            (whileStatus, _, _) = await Client.SendAsync(HttpMethod.Post, ConfigMaps, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "blocked" } });
        }

        var (afterStatus, _, _) = await Client.SendAsync(HttpMethod.Post, ConfigMaps, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "allowed" } });

        Assert.Equal((429, 429, 200), (firstStatus, secondStatus, thirdStatus));
        Assert.Equal("TooManyRequests", (string?)first!["reason"]);
        Assert.Equal(3, (int)first["details"]!["retryAfterSeconds"]!);
        Assert.Equal(TimeSpan.FromSeconds(3), firstResponse.Headers.RetryAfter?.Delta);
        Assert.Equal(500, whileStatus);
        Assert.Equal(201, afterStatus);
    }

    private async Task<JsonNode> CreateAsync(string name) =>
        await Client.PostAsync(ConfigMaps, new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } });

    private static (string?, string?) Describe(JsonNode? watchEvent) =>
        ((string?)watchEvent?["type"], (string?)watchEvent?["object"]?["metadata"]?["name"]);

    private static long Version(JsonNode? node) =>
        long.Parse((string)(node!["object"] ?? node)["metadata"]!["resourceVersion"]!, CultureInfo.InvariantCulture);
}
