using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Controllers;
using Airwave.Kubernetes.Ownership;
using Airwave.Kubernetes.Queue;
using Airwave.Kubernetes.Tests.Support;

namespace Airwave.Kubernetes.Tests.Ownership;

public sealed class OwnerReferencesTests
{
    private static readonly TestObject Owner = TestObject.Named("stream-1", @namespace: "media") with
    {
        Metadata = new ObjectMeta { Name = "stream-1", Namespace = "media", Uid = "uid-1" },
    };

    [Fact]
    public void A_controller_reference_names_the_owner_type_and_blocks_its_deletion()
    {
        var reference = OwnerReferences.ControllerReference(TestObject.Type, Owner);

        Assert.Equal(("test.airwave.io/v1", "Widget", "stream-1", "uid-1", true, true), (reference.ApiVersion, reference.Kind, reference.Name, reference.Uid, reference.Controller, reference.BlockOwnerDeletion));
    }

    [Fact]
    public void An_object_controlled_by_another_owner_cannot_be_claimed()
    {
        var other = Owner with { Metadata = Owner.Metadata with { Name = "stream-2", Uid = "uid-2" } };
        var metadata = OwnerReferences.WithController(new ObjectMeta { Name = "secret" }, TestObject.Type, Owner);

        Assert.True(OwnerReferences.IsControlledBy(new TestObject { Metadata = metadata, Spec = new TestSpec() }, Owner));
        Assert.Equal(metadata.OwnerReferences, OwnerReferences.WithController(metadata, TestObject.Type, Owner).OwnerReferences);
        Assert.Throws<InvalidOperationException>(() => OwnerReferences.WithController(metadata, TestObject.Type, other));
    }

    [Fact]
    public async Task Changes_to_an_owned_object_queue_its_controlling_owner_of_the_controllers_type_only()
    {
        using var queue = new WorkQueue<ObjectKey>();
        var handler = new EnqueueForOwner<TestObject>(new SyncedInformer(), queue, TestObject.Type);
        var owned = new TestObject
        {
            Metadata = OwnerReferences.WithController(new ObjectMeta { Name = "pod-1", Namespace = "media" }, TestObject.Type, Owner),
            Spec = new TestSpec(),
        };
        var foreign = new TestObject
        {
            Metadata = new ObjectMeta
            {
                Name = "pod-2",
                Namespace = "media",
                OwnerReferences = [new OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "rs", Uid = "rs-uid", Controller = true }],
            },
            Spec = new TestSpec(),
        };

        handler.OnAdd(foreign);
        handler.OnAdd(owned);

        Assert.Equal(1, queue.Count);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Assert.Equal(new ObjectKey("media", "stream-1"), await queue.TakeAsync(timeout.Token));
    }

    /// <summary>The owned objects' informer past its first list: their changes are ordinary work.</summary>
    private sealed class SyncedInformer : Airwave.Kubernetes.Informers.IInformer
    {
        public bool HasSynced => true;

        public Task RunAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task WaitForSyncAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
