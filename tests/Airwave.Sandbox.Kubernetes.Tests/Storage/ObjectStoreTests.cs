using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Selectors;
using Airwave.Sandbox.Kubernetes.Storage;
using Airwave.Sandbox.Kubernetes.Watch;

namespace Airwave.Sandbox.Kubernetes.Tests.Storage;

public sealed class ObjectStoreTests
{
    private static readonly StorageKey ConfigMaps = new(string.Empty, "configmaps");

    [Fact]
    public void Every_write_takes_the_next_global_resource_version()
    {
        var store = new ObjectStore(historySize: 10);

        var created = store.Create(ConfigMaps, Object("a"));
        var other = store.Create(new StorageKey("apps", "deployments"), Object("b"));
        var updated = store.Update(ConfigMaps, created.ToJson(), created.ResourceVersion);
        var deleted = store.Delete(ConfigMaps, updated.ToJson(), updated.ResourceVersion);

        Assert.Equal([1L, 2L, 3L, 4L], new[] { created, other, updated, deleted }.Select(o => o.ResourceVersion));
        Assert.Equal("3", (string?)updated.ToJson()["metadata"]!["resourceVersion"]);
        Assert.Null(store.Get(ConfigMaps, new ObjectKey("default", "a")));
    }

    [Fact]
    public void Writes_against_a_stale_resource_version_or_a_taken_name_conflict()
    {
        var store = new ObjectStore(historySize: 10);
        var created = store.Create(ConfigMaps, Object("a"));
        store.Update(ConfigMaps, created.ToJson(), created.ResourceVersion);

        var stale = Assert.Throws<StoreConflictException>(() => store.Update(ConfigMaps, created.ToJson(), created.ResourceVersion));
        var taken = Assert.Throws<StoreConflictException>(() => store.Create(ConfigMaps, Object("a")));

        Assert.Equal(StoreConflict.ResourceVersionChanged, stale.Conflict);
        Assert.Equal(StoreConflict.AlreadyExists, taken.Conflict);
    }

    [Fact]
    public void A_watch_from_a_resource_version_replays_later_events_then_continues_live_without_gaps()
    {
        var store = new ObjectStore(historySize: 10);
        var first = store.Create(ConfigMaps, Object("a"));
        store.Create(ConfigMaps, Object("b"));

        using var watch = store.Watch(new WatchFilter(ConfigMaps, "default", null), first.ResourceVersion);
        store.Create(ConfigMaps, Object("c"));

        Assert.Equal(["b"], watch.Initial.Select(e => e.Object.Key.Name));
        Assert.True(watch.Events.TryRead(out var live));
        Assert.Equal(("c", WatchEventType.Added), (live!.Object.Key.Name, live.Type));
        Assert.False(watch.Events.TryRead(out _));
    }

    [Fact]
    public void Resuming_from_before_the_history_window_is_expired()
    {
        var store = new ObjectStore(historySize: 2);
        var first = store.Create(ConfigMaps, Object("a"));
        var second = store.Create(ConfigMaps, Object("b"));
        store.Create(ConfigMaps, Object("c"));
        store.Create(ConfigMaps, Object("d"));

        var expired = Assert.Throws<ApiException>(() => store.Watch(WatchFilter.Everything, first.ResourceVersion));
        using var resumed = store.Watch(WatchFilter.Everything, second.ResourceVersion);

        Assert.Equal(410, expired.Code);
        Assert.Equal("Expired", expired.Reason);
        Assert.Equal(["c", "d"], resumed.Initial.Select(e => e.Object.Key.Name));
    }

    [Fact]
    public void Selective_watches_see_objects_entering_and_leaving_their_selection_as_added_and_deleted()
    {
        var store = new ObjectStore(historySize: 10);
        var selector = LabelSelector.Parse("tier=web");
        var created = store.Create(ConfigMaps, Object("a"));
        using var watch = store.Watch(new WatchFilter(ConfigMaps, null, o => selector.Matches(o.Labels)), store.ResourceVersion);

        var labelled = created.ToJson();
        labelled["metadata"]!["labels"] = new JsonObject { ["tier"] = "web" };
        var entered = store.Update(ConfigMaps, labelled, created.ResourceVersion);
        var relabelled = entered.ToJson();
        relabelled["metadata"]!["labels"] = new JsonObject { ["tier"] = "db" };
        store.Update(ConfigMaps, relabelled, entered.ResourceVersion);

        var events = new List<WatchEventType>();
        while (watch.Events.TryRead(out var change))
        {
            events.Add(change.Type);
        }

        Assert.Equal([WatchEventType.Added, WatchEventType.Deleted], events);
    }

    private static JsonObject Object(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default", ["uid"] = Guid.NewGuid().ToString() },
    };
}
