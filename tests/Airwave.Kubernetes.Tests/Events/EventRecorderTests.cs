using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Events;
using Airwave.Kubernetes.Metrics;
using Airwave.Kubernetes.Tests.Support;
using k8s;

namespace Airwave.Kubernetes.Tests.Events;

/// <summary>Events as the people debugging with kubectl see them: sorted by when they last happened, repeats folded.</summary>
public sealed class EventRecorderTests : IAsyncLifetime
{
    private SandboxCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await SandboxCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Recorded_events_sort_by_last_timestamp_in_kubectl_and_a_repeat_counts_on_the_first()
    {
        var widget = await _cluster.CreateWidgetAsync("recorded");
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-5));
        using var client = new KubernetesClient(_cluster.Configuration, new KubernetesClientOptions { Json = TestJson.Options, UserAgent = "airwave-tests/events", Metrics = KubernetesMetrics.Unexported, TimeProvider = clock });
        var recorder = new EventRecorder(client, "widgets.airwave.dev/controller", "instance-a");
        foreach (var (type, reason, action, note) in new[]
        {
            (EventType.Warning, "Flapping", "Check", "the check failed"),
            (EventType.Normal, "Scaled", "Scale", "scaled to 1"),
            (EventType.Warning, "Flapping", "Check", "the check failed"),
        })
        {
            await recorder.RecordAsync(TestObject.Type, widget, type, reason, action, note, CancellationToken.None);
            clock.Advance(TimeSpan.FromSeconds(30));
        }

        using var cache = new TempDirectory();
        var kubectl = new Kubectl(_cluster.Kubeconfig, cache.Path);

        var sorted = await kubectl.SucceedAsync("get", "events", "-n", "default", "--sort-by=.lastTimestamp", "-o", "wide");
        var core = (await _cluster.Client.Api.CoreV1.ListNamespacedEventAsync("default")).Items;
        var viaEventsApi = (await _cluster.Client.Api.EventsV1.ListNamespacedEventAsync("default")).Items;

        // Two events, the repeat folded into the first: counted twice, and last seen after the other.
        var rows = sorted.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+SUBOBJECT\s+SOURCE\s+MESSAGE\s+FIRST SEEN\s+COUNT\s+NAME$", rows[0]);
        Assert.Equal(3, rows.Length);
        Assert.Matches(@"Normal\s+Scaled\s+widget/recorded\s+widgets\.airwave\.dev/controller, instance-a\s+scaled to 1\s+\S+\s+1\s", rows[1]);
        Assert.Matches(@"Warning\s+Flapping\s+widget/recorded\s+widgets\.airwave\.dev/controller, instance-a\s+the check failed\s+\S+\s+2\s", rows[2]);
        var flapping = Assert.Single(core, e => e.Reason == "Flapping");
        Assert.Equal(2, flapping.Count);
        Assert.Equal(TimeSpan.FromSeconds(60), flapping.LastTimestamp - flapping.FirstTimestamp);
        Assert.Equal(2, Assert.Single(viaEventsApi, e => e.Reason == "Flapping").Series?.Count);
        Assert.All(viaEventsApi, e => Assert.Equal(("widgets.airwave.dev/controller", "instance-a"), (e.ReportingController, e.ReportingInstance)));
    }
}
