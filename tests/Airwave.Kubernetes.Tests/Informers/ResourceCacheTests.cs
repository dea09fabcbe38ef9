using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Informers;
using Airwave.Kubernetes.Tests.Support;

namespace Airwave.Kubernetes.Tests.Informers;

public sealed class ResourceCacheTests
{
    [Fact]
    public void Objects_are_found_by_key_namespace_and_owner()
    {
        var cache = new ResourceCache<TestObject>();
        cache.Upsert(Owned("a", "media", "owner-1"));
        cache.Upsert(Owned("b", "media", "owner-2"));
        cache.Upsert(Owned("c", "other", "owner-1"));

        Assert.Equal(3, cache.Count);
        Assert.Equal("a", cache.Get(new ObjectKey("media", "a"))!.Metadata.Name);
        Assert.Null(cache.Get(new ObjectKey("other", "a")));
        Assert.Equal(["a", "b"], cache.ListByNamespace("media").Select(o => o.Metadata.Name).Order());
        Assert.Equal(["a", "c"], cache.ListByOwner("owner-1").Select(o => o.Metadata.Name).Order());
    }

    [Fact]
    public void Indexes_follow_updates_and_removals()
    {
        var cache = new ResourceCache<TestObject>();
        cache.Upsert(Owned("a", "media", "owner-1"));

        var replaced = cache.Upsert(Owned("a", "media", "owner-2"));
        var removed = cache.Remove(new ObjectKey("media", "a"));

        Assert.Equal("owner-1", replaced!.Metadata.OwnerReferences![0].Uid);
        Assert.NotNull(removed);
        Assert.Empty(cache.ListByOwner("owner-1"));
        Assert.Empty(cache.ListByOwner("owner-2"));
        Assert.Empty(cache.ListByNamespace("media"));
        Assert.Null(cache.Remove(new ObjectKey("media", "a")));
    }

    private static TestObject Owned(string name, string @namespace, string ownerUid) => TestObject.Named(name, @namespace: @namespace) with
    {
        Metadata = new ObjectMeta
        {
            Name = name,
            Namespace = @namespace,
            OwnerReferences = [new OwnerReference { ApiVersion = "v1", Kind = "Thing", Name = "owner", Uid = ownerUid, Controller = true }],
        },
    };
}
