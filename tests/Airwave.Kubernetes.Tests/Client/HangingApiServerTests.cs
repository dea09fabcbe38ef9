using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Events;
using Airwave.Kubernetes.LeaderElection;
using Airwave.Kubernetes.Metrics;
using Airwave.Kubernetes.Tests.Support;
using k8s;

namespace Airwave.Kubernetes.Tests.Client;

/// <summary>
/// An API server that takes a request and never answers: the request fails as a timeout, never as a cancellation
/// that callers would take for a shutdown, so nothing that promises to keep going stops.
/// </summary>
public sealed class HangingApiServerTests
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_request_without_an_answer_fails_as_a_timeout_naming_the_call()
    {
        await using var cluster = await SandboxCluster.StartAsync();
        var client = Client(cluster);

        using (cluster.Server.Faults.HangWhile(r => r.Resource == "configmaps"))
        {
            var error = await Assert.ThrowsAsync<TimeoutException>(() => client.GetAsync<TestConfigMap>(ResourceType.ConfigMaps, "default", "settings", CancellationToken.None));
            var deleteError = await Assert.ThrowsAsync<TimeoutException>(() => client.DeleteAsync(ResourceType.ConfigMaps, "default", "settings", CancellationToken.None));
            var typedError = await Assert.ThrowsAsync<TimeoutException>(() => client.Api.CoreV1.ReadNamespacedConfigMapAsync("settings", "default", cancellationToken: CancellationToken.None));

            Assert.Contains("/api/v1/namespaces/default/configmaps/settings", error.Message, StringComparison.Ordinal);
            Assert.Contains("did not answer within 1 s", error.Message, StringComparison.Ordinal);
            Assert.StartsWith("delete ", deleteError.Message, StringComparison.Ordinal);
            Assert.Equal(error.Message, typedError.Message);
            Assert.True(KubernetesClient.IsRequestFailure(error));
        }
    }

    [Fact]
    public async Task Waiting_to_lead_outlasts_a_hanging_api_server_and_leads_once_it_answers()
    {
        await using var cluster = await SandboxCluster.StartAsync();
        var elector = new LeaderElector(Client(cluster), new LeaderElectionOptions
        {
            LeaseName = "hang-leader",
            Namespace = "default",
            Identity = "instance-a",
            LeaseDuration = TimeSpan.FromSeconds(3),
            RenewDeadline = TimeSpan.FromSeconds(2),
            RetryPeriod = TimeSpan.FromMilliseconds(400),
        });
        using var stop = new CancellationTokenSource();
        var leading = new TaskCompletionSource();

        Task run;
        bool endedWhileHanging;
        using (cluster.Server.Faults.HangWhile(r => r.Resource == "leases"))
        {
            run = elector.RunAsync(
                async ct =>
                {
                    leading.TrySetResult();
                    await Task.Delay(Timeout.Infinite, ct);
                },
                stop.Token);

            // Several request timeouts in a row.
            await Task.Delay(4 * RequestTimeout);
            endedWhileHanging = run.IsCompleted;
        }

        await leading.Task.WaitAsync(SandboxCluster.Patience);
        await stop.CancelAsync();
        await run.WaitAsync(SandboxCluster.Patience);

        Assert.False(endedWhileHanging, "the elector stopped while the API server hung");
        Assert.True(run.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Recording_an_event_to_a_hanging_api_server_returns_without_failing()
    {
        await using var cluster = await SandboxCluster.StartAsync();
        var widget = await cluster.CreateWidgetAsync("recorded");
        var recorder = new EventRecorder(Client(cluster), "widgets", "instance-a");

        Exception? failure;
        using (cluster.Server.Faults.HangWhile(r => r.Resource == "events"))
        {
            failure = await Record.ExceptionAsync(() => recorder.RecordAsync(TestObject.Type, widget, EventType.Normal, "Checked", "Check", "checked while the server hung", CancellationToken.None));
        }

        Assert.Null(failure);
    }

    private static KubernetesClient Client(SandboxCluster cluster) =>
        new(cluster.Configuration, new KubernetesClientOptions { Json = TestJson.Options, UserAgent = "airwave-tests/hang", Metrics = KubernetesMetrics.Unexported, RequestTimeout = RequestTimeout });
}
