using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client.Errors;
using Airwave.Kubernetes.Conditions;
using Airwave.Kubernetes.Events;
using Airwave.Kubernetes.Finalizers;
using Airwave.Kubernetes.Status;
using Airwave.Kubernetes.Tests.Support;
using k8s;

namespace Airwave.Kubernetes.Tests.Helpers;

public sealed class ObjectHelpersTests
{
    private const string Finalizer = "airwave.io/cleanup";
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_finalizer_holds_a_deleted_object_until_it_is_removed()
    {
        await using var cluster = await SandboxCluster.StartAsync();
        var client = cluster.Client;
        var widget = await cluster.CreateWidgetAsync("guarded");

        widget = await client.AddFinalizerAsync(TestObject.Type, widget, Finalizer, None);
        widget = await client.AddFinalizerAsync(TestObject.Type, widget, "other.io/keep", None);
        var again = await client.AddFinalizerAsync(TestObject.Type, widget, Finalizer, None);
        await client.DeleteAsync(TestObject.Type, "default", "guarded", None);
        var deleting = await client.GetAsync<TestObject>(TestObject.Type, "default", "guarded", None);
        var released = await client.RemoveFinalizerAsync(TestObject.Type, deleting, Finalizer, None);
        await client.RemoveFinalizerAsync(TestObject.Type, released, "other.io/keep", None);

        Assert.Same(widget, again);
        Assert.Equal([Finalizer, "other.io/keep"], deleting.Metadata.Finalizers);
        Assert.NotNull(deleting.Metadata.DeletionTimestamp);
        Assert.Equal(["other.io/keep"], released.Metadata.Finalizers);
        await Assert.ThrowsAsync<NotFoundException>(() => client.GetAsync<TestObject>(TestObject.Type, "default", "guarded", None));
    }

    [Fact]
    public async Task Status_is_written_through_the_status_subresource_only_when_it_changed()
    {
        await using var cluster = await SandboxCluster.StartAsync();
        var client = cluster.Client;
        var widget = await cluster.CreateWidgetAsync("observed", replicas: 2);
        var now = DateTimeOffset.UtcNow;
        var status = new TestStatus
        {
            ObservedReplicas = 2,
            Conditions = ConditionList.Set(null, "Ready", ConditionStatus.True, "Running", "all replicas up", widget.Metadata.Generation, now),
        };

        var written = await client.UpdateStatusIfChangedAsync(TestObject.Type, widget, widget with { Status = status, Spec = new TestSpec { Replicas = 9 } }, None);
        var unchanged = await client.UpdateStatusIfChangedAsync(TestObject.Type, written, written with { Status = status with { Conditions = ConditionList.Set(status.Conditions, "Ready", ConditionStatus.True, "Running", "all replicas up", widget.Metadata.Generation, now.AddMinutes(1)) } }, None);
        var cleared = await client.UpdateStatusIfChangedAsync(TestObject.Type, written, written with { Status = status with { Conditions = null } }, None);

        Assert.Equal(2, written.Status!.ObservedReplicas);
        Assert.Equal(2, written.Spec.Replicas);
        Assert.NotEqual(widget.Metadata.ResourceVersion, written.Metadata.ResourceVersion);
        Assert.Same(written, unchanged);
        Assert.Null(cleared.Status!.Conditions);
        Assert.Equal(2, cleared.Status.ObservedReplicas);
    }

    [Fact]
    public async Task Repeated_events_become_one_event_with_a_series_count()
    {
        await using var cluster = await SandboxCluster.StartAsync();
        var widget = await cluster.CreateWidgetAsync("eventful");
        var recorder = new EventRecorder(cluster.Client, "airwave-operator", "airwave-operator-0");

        for (var i = 0; i < 3; i++)
        {
            await recorder.RecordAsync(TestObject.Type, widget, EventType.Warning, "ChannelFailed", "Reconcile", "MediaLive rejected the input", None);
        }

        await recorder.RecordAsync(TestObject.Type, widget, EventType.Normal, "ChannelRunning", "Reconcile", "channel is running", None);
        var events = await cluster.Client.Api.EventsV1.ListNamespacedEventAsync("default", cancellationToken: None);

        Assert.Equal(2, events.Items.Count);
        var failed = events.Items.Single(e => e.Reason == "ChannelFailed");
        Assert.Equal(3, failed.Series?.Count);
        Assert.Equal(("Widget", "eventful", widget.Metadata.Uid), (failed.Regarding?.Kind, failed.Regarding?.Name, failed.Regarding?.Uid));
        Assert.Equal(("airwave-operator", EventType.Warning, "MediaLive rejected the input"), (failed.ReportingController, failed.Type, failed.Note));
        Assert.Null(events.Items.Single(e => e.Reason == "ChannelRunning").Series);
    }
}
