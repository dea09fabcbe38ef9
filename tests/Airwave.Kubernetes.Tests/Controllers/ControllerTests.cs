using System.Diagnostics;
using System.Text.Json.Nodes;
using Airwave.Configuration;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Client.Errors;
using Airwave.Kubernetes.Controllers;
using Airwave.Kubernetes.Informers;
using Airwave.Kubernetes.Ownership;
using Airwave.Kubernetes.Status;
using Airwave.Kubernetes.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Airwave.Kubernetes.Tests.Controllers;

public sealed class ControllerTests
{
    private static readonly TimeSpan Patience = SandboxCluster.Patience;

    [Fact]
    public async Task Hundred_concurrent_updates_to_one_object_are_never_reconciled_at_once_and_the_last_state_is_reconciled()
    {
        await using var cluster = await SandboxCluster.StartAsync();
        await cluster.CreateWidgetAsync("hot");
        for (var i = 0; i < 5; i++)
        {
            await cluster.CreateWidgetAsync($"cold{i}");
        }

        var reconciler = new TrackingReconciler(async (_, _, ct) =>
        {
            // Long enough that updates arrive while a reconcile of the same object is running.
            await Task.Delay(3, ct);
            return ReconcileResult.Done;
        });
        await using var running = new RunningController(cluster, reconciler, concurrency: 4);
        await Eventually.MatchAsync(() => reconciler.CallsFor("hot").Count, n => n > 0, Patience, "the first reconcile");

        await Task.WhenAll(Enumerable.Range(1, 100).Select(i => cluster.SetReplicasAsync("hot", i)));
        var final = await cluster.Client.GetAsync<TestObject>(TestObject.Type, "default", "hot", CancellationToken.None);
        await Eventually.MatchAsync(
            () => reconciler.CallsFor("hot")[^1].Resource.Metadata.ResourceVersion,
            version => version == final.Metadata.ResourceVersion,
            Patience,
            $"a reconcile of the final version {final.Metadata.ResourceVersion}");

        Assert.Equal(final.Spec.Replicas, reconciler.CallsFor("hot")[^1].Resource.Spec.Replicas);
        Assert.Equal(0, reconciler.Overlaps);
        Assert.InRange(reconciler.CallsFor("hot").Count, 2, 101);
    }

    [Fact]
    public async Task Log_lines_written_during_a_reconcile_carry_the_object_and_a_reconcile_id()
    {
        await using var cluster = await SandboxCluster.StartAsync();
        using var sink = new ScopeRecordingLoggerProvider();
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(sink));
        var reconcilerLog = loggers.CreateLogger("Widgets.Reconciler");
        var reconciler = new TrackingReconciler((widget, _, _) =>
        {
            reconcilerLog.Log(LogLevel.Information, default, widget.Metadata.Name, null, (name, _) => $"reconciling {name}");
            return Task.FromResult(ReconcileResult.Done);
        });
        await using var running = new RunningController(cluster, reconciler, loggerFactory: loggers);

        await cluster.CreateWidgetAsync("logged");

        var entry = await Eventually.MatchAsync(
            () => sink.Entries.FirstOrDefault(e => e.Message == "reconciling logged"),
            e => e.Message is not null,
            Patience,
            "the reconciler's log line");
        Assert.Equal("widgets", entry.Scope["controller"]);
        Assert.Equal("default", entry.Scope["namespace"]);
        Assert.Equal("logged", entry.Scope["name"]);
        Assert.Matches("^[0-9a-f]{16}$", (string)entry.Scope["reconcileId"]!);
    }

    [Theory]
    [InlineData("conflict", LogLevel.Information, false, false)]
    [InlineData("gone", LogLevel.Information, false, false)]
    [InlineData("throttled", LogLevel.Warning, false, true)]
    [InlineData("terminal", LogLevel.Warning, false, true)]
    [InlineData("bug", LogLevel.Error, true, true)]
    public async Task Expected_failures_are_one_line_without_a_stack_trace_only_bugs_carry_one_and_lost_races_are_no_errors(string failure, LogLevel level, bool stackTrace, bool countedAsError)
    {
        await using var cluster = await SandboxCluster.StartAsync();
        var metrics = new TestMetrics();
        using var sink = new ScopeRecordingLoggerProvider();
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(sink));
        var status = new ApiStatus { Message = "the object has been modified" };
        var reconciler = new TrackingReconciler((_, attempt, _) => attempt > 1 ? Task.FromResult(ReconcileResult.Done) : failure switch
        {
            "conflict" => throw new ConflictException(status),
            "gone" => throw new NotFoundException(status),
            "throttled" => throw new TooManyRequestsException(status),
            "terminal" => throw new TerminalReconcileException("spec.source needs a block for its type"),
            _ => throw new InvalidOperationException("a bug"),
        });
        await using var running = new RunningController(cluster, reconciler, backoff: new ExponentialBackoff(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(50)), loggerFactory: loggers, metrics: metrics.Kubernetes);

        await cluster.CreateWidgetAsync("failing");

        var entry = await Eventually.MatchAsync(
            () => sink.Entries.FirstOrDefault(e => e.Message.Contains("default/failing", StringComparison.Ordinal)),
            e => e.Message is not null,
            Patience,
            "the failure's log line");
        Assert.Equal(level, entry.Level);
        Assert.Equal(stackTrace, entry.Exception is not null);
        Assert.DoesNotContain('\n', entry.Message);
        var counted = await Eventually.MatchAsync(metrics.ScrapeAsync, s => s.Sum("airwave_controller_reconcile_total") >= 1, Patience, "the failed reconcile counted");
        Assert.Equal(countedAsError, counted.Sum("airwave_controller_reconcile_errors_total") > 0);
    }

    [Fact]
    public async Task A_failing_reconcile_is_retried_after_growing_delays_until_it_succeeds()
    {
        await using var cluster = await SandboxCluster.StartAsync();
        var backoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));
        var reconciler = new TrackingReconciler((_, attempt, _) =>
            attempt < 3 ? throw new InvalidOperationException($"attempt {attempt} fails") : Task.FromResult(ReconcileResult.Done));
        await using var running = new RunningController(cluster, reconciler, backoff: backoff);

        await cluster.CreateWidgetAsync("flaky");
        await Eventually.MatchAsync(() => reconciler.CallsFor("flaky").Count, n => n >= 4, Patience, "three retries");

        var calls = reconciler.CallsFor("flaky");
        for (var failure = 0; failure < 3; failure++)
        {
            // Each retry starts no earlier than its backoff delay after the failure: 100, 200, 400 ms.
            var waited = Stopwatch.GetElapsedTime(calls[failure].Ended, calls[failure + 1].Started);
            Assert.True(waited >= backoff.Delay(failure) - TimeSpan.FromMilliseconds(15), $"retry {failure + 1} came after {waited}, before its backoff {backoff.Delay(failure)}");
        }

        Assert.Equal(0, running.Controller.Queue.Failures(new ObjectKey("default", "flaky")));
    }

    [Fact]
    public async Task A_terminal_error_is_not_retried_until_the_object_changes()
    {
        await using var cluster = await SandboxCluster.StartAsync();
        var reconciler = new TrackingReconciler((w, _, _) =>
            w.Spec.Replicas < 0 ? throw new TerminalReconcileException("replicas must not be negative") : Task.FromResult(ReconcileResult.Done));
        await using var running = new RunningController(cluster, reconciler);

        await cluster.CreateWidgetAsync("bad", replicas: -1);
        await Eventually.MatchAsync(() => reconciler.CallsFor("bad").Count, n => n == 1, Patience, "the failing reconcile");
        var failures = running.Controller.Queue.Failures(new ObjectKey("default", "bad"));
        await cluster.SetReplicasAsync("bad", 1);
        await Eventually.MatchAsync(() => reconciler.CallsFor("bad").Count, n => n == 2, Patience, "a reconcile of the fixed object");

        Assert.Equal(0, failures);
        Assert.Equal(1, reconciler.CallsFor("bad")[1].Resource.Spec.Replicas);
    }

    [Fact]
    public async Task A_controller_that_starts_leading_reconciles_what_changed_while_it_followed_before_the_rest()
    {
        await using var cluster = await SandboxCluster.StartAsync();
        for (var i = 0; i < 10; i++)
        {
            await cluster.CreateWidgetAsync($"steady-{i}");
        }

        // Last by name and by age, so that neither order of the first list puts it first.
        await cluster.CreateWidgetAsync("updated");
        var informer = new Informer<TestObject>(cluster.Client, TestObject.Type, new InformerOptions { Namespaces = ["default"] });
        var reconciler = new TrackingReconciler((_, _, _) => Task.FromResult(ReconcileResult.Done));
        using var controller = new Controller<TestObject>(informer, reconciler, new ControllerOptions { Name = "widgets", MaxConcurrentReconciles = 1 });
        using var stop = new CancellationTokenSource();

        // A follower: its informer runs and its queue fills, its controller does not run.
        var following = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(stop.Token);
        var changed = await cluster.SetReplicasAsync("updated", 5);
        await Eventually.MatchAsync(() => informer.Cache.Get(ObjectKey.Of(changed))?.Spec.Replicas, replicas => replicas == 5, Patience, "the follower's cache seeing the change");
        var leading = controller.RunAsync(stop.Token);
        await Eventually.MatchAsync(() => reconciler.Calls.Count, n => n == 11, Patience, "every widget reconciled once");
        await stop.CancelAsync();
        await Task.WhenAll(following, leading);

        Assert.Equal("updated", reconciler.Calls[0].Resource.Metadata.Name);
        Assert.Equal(5, reconciler.Calls[0].Resource.Spec.Replicas);
    }

    [Fact]
    public async Task RequeueAfter_reconciles_again_without_any_change()
    {
        await using var cluster = await SandboxCluster.StartAsync();
        var requeueAfter = TimeSpan.FromMilliseconds(300);
        var reconciler = new TrackingReconciler((_, attempt, _) => Task.FromResult(attempt == 0 ? ReconcileResult.After(requeueAfter) : ReconcileResult.Done));
        await using var running = new RunningController(cluster, reconciler);

        await cluster.CreateWidgetAsync("poller");
        await Eventually.MatchAsync(() => reconciler.CallsFor("poller").Count, n => n == 2, Patience, "the requeued reconcile");

        var calls = reconciler.CallsFor("poller");
        Assert.Equal(calls[0].Resource.Metadata.ResourceVersion, calls[1].Resource.Metadata.ResourceVersion);
        Assert.True(Stopwatch.GetElapsedTime(calls[0].Ended, calls[1].Started) >= requeueAfter - TimeSpan.FromMilliseconds(15));
    }

    [Fact]
    public async Task A_requeue_is_not_lost_when_the_objects_own_status_write_arrives_meanwhile()
    {
        await using var cluster = await SandboxCluster.StartAsync();
        var requeueAfter = TimeSpan.FromSeconds(1);
        TrackingReconciler? reconciler = null;
        reconciler = new TrackingReconciler(async (w, attempt, ct) =>
        {
            var desired = w with { Status = new TestStatus { ObservedReplicas = w.Spec.Replicas } };
            await cluster.Client.UpdateStatusIfChangedAsync(TestObject.Type, w, desired, ct);

            // Only the first reconcile asks to come back; the one the status write triggers does not.
            return attempt == 0 ? ReconcileResult.After(requeueAfter) : ReconcileResult.Done;
        });
        await using var running = new RunningController(cluster, reconciler);

        await cluster.CreateWidgetAsync("status-writer", replicas: 3);
        await Eventually.MatchAsync(() => reconciler.CallsFor("status-writer").Count, n => n >= 3, Patience, "the requeued reconcile after the status write");

        var calls = reconciler.CallsFor("status-writer");
        Assert.Null(calls[0].Resource.Status);
        Assert.Equal(3, calls[1].Resource.Status?.ObservedReplicas);
        Assert.True(Stopwatch.GetElapsedTime(calls[0].Ended, calls[2].Started) >= requeueAfter - TimeSpan.FromMilliseconds(15));
    }

    [Fact]
    public async Task With_the_spec_or_metadata_filter_the_controllers_own_status_write_queues_nothing_but_spec_and_annotation_changes_do()
    {
        await using var cluster = await SandboxCluster.StartAsync();
        var reconciler = new TrackingReconciler(async (w, _, ct) =>
        {
            await cluster.Client.UpdateStatusIfChangedAsync(TestObject.Type, w, w with { Status = new TestStatus { ObservedReplicas = w.Spec.Replicas } }, ct);
            return ReconcileResult.Done;
        });
        await using var running = new RunningController(cluster, reconciler, updateFilter: UpdateFilters.SpecOrMetadataChanged);

        await cluster.CreateWidgetAsync("quiet", replicas: 2);
        await Eventually.MatchAsync(() => running.Informer.Cache.Get(new ObjectKey("default", "quiet"))?.Status?.ObservedReplicas, r => r == 2, Patience, "the status write seen by the informer");
        // Time for a reconcile the status write would have queued.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var afterStatusWrite = reconciler.CallsFor("quiet").Count;
        await cluster.SetReplicasAsync("quiet", 5);
        await Eventually.MatchAsync(() => reconciler.CallsFor("quiet").Count, n => n == 2, Patience, "a reconcile of the spec change");
        await cluster.Client.PatchAsync<TestObject>(TestObject.Type, "default", "quiet", KubernetesPatch.Merge(new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { ["example.com/touch"] = "1" } } }), CancellationToken.None);
        await Eventually.MatchAsync(() => reconciler.CallsFor("quiet").Count, n => n == 3, Patience, "a reconcile of the annotation change");
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Equal(1, afterStatusWrite);
        Assert.Equal(3, reconciler.CallsFor("quiet").Count);
        Assert.Equal(5, reconciler.CallsFor("quiet")[1].Resource.Spec.Replicas);
    }

    [Fact]
    public async Task A_change_to_an_owned_object_reconciles_its_owner()
    {
        await using var cluster = await SandboxCluster.StartAsync();
        var reconciler = new TrackingReconciler((_, _, _) => Task.FromResult(ReconcileResult.Done));
        var configMaps = new Informer<TestConfigMap>(cluster.Client, ResourceType.ConfigMaps, new InformerOptions { Namespaces = ["default"] });
        using var stop = new CancellationTokenSource();
        var owner = await cluster.CreateWidgetAsync("owner");
        await using var running = new RunningController(cluster, reconciler);
        running.Controller.Owns(configMaps);
        var configMapsRun = configMaps.RunAsync(stop.Token);
        await Eventually.MatchAsync(() => reconciler.CallsFor("owner").Count, n => n == 1, Patience, "the owner's first reconcile");

        await cluster.Client.CreateAsync(
            ResourceType.ConfigMaps,
            new TestConfigMap
            {
                Metadata = OwnerReferences.WithController(new ObjectMeta { Name = "owner-settings", Namespace = "default" }, TestObject.Type, owner),
                Data = new Dictionary<string, string> { ["mode"] = "live" },
            },
            CancellationToken.None);
        await Eventually.MatchAsync(() => reconciler.CallsFor("owner").Count, n => n >= 2, Patience, "the owner reconciled for its new config map");
        await stop.CancelAsync();
        await configMapsRun;

        Assert.Single(configMaps.Cache.ListByOwner(owner.Metadata.Uid!));
    }
}
