using System.Collections.Concurrent;
using System.Diagnostics;
using Airwave.Kubernetes.Controllers;
using Airwave.Kubernetes.Informers;
using Airwave.Kubernetes.LeaderElection;
using Airwave.Kubernetes.Tests.Support;
using k8s;

namespace Airwave.Kubernetes.Tests.LeaderElection;

public sealed class LeaderElectionTests
{
    // Shortened from 15/10/2 s to keep the test quick; the same ratios.
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan RenewDeadline = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromMilliseconds(400);

    [Fact]
    public async Task When_the_leaders_renewals_fail_the_other_instance_takes_over_and_both_never_reconcile_at_once()
    {
        await using var cluster = await SandboxCluster.StartAsync();
        await cluster.CreateWidgetAsync("stream");
        var reconciles = new ConcurrentQueue<(string Instance, long Started, long Ended)>();
        await using var a = new OperatorInstance(cluster, "instance-a", reconciles);
        await using var b = new OperatorInstance(cluster, "instance-b", reconciles);

        await Eventually.MatchAsync(() => a.Elector.IsLeader || b.Elector.IsLeader, leads => leads, SandboxCluster.Patience, "a leader");
        var (leader, follower) = a.Elector.IsLeader ? (a, b) : (b, a);
        Assert.False(follower.Elector.IsLeader);
        await Eventually.MatchAsync(() => reconciles.Count(r => r.Instance == leader.Name), n => n > 0, SandboxCluster.Patience, "reconciles by the leader");
        Assert.DoesNotContain(reconciles, r => r.Instance == follower.Name);

        using (cluster.Server.Faults.FailWhile(r => r.Resource == "leases" && r.Headers.TryGetValue("User-Agent", out var agent) && agent.Contains(leader.Name, StringComparison.Ordinal), 500))
        {
            // The follower counts the lease duration from when it saw the last renewal, and it looks at the lease at up
            // to 2.2 retry periods: it may see that renewal up to one poll late and the lapse up to one poll late, and
            // then it writes the lease. So: the lease duration, two polls and a write.
            await Eventually.MatchAsync(() => follower.Elector.IsLeader, leads => leads, LeaseDuration + (2 * 2.2 * RetryPeriod) + TimeSpan.FromSeconds(1), "the follower taking over within the lease duration");
            await Eventually.MatchAsync(() => reconciles.Count(r => r.Instance == follower.Name), n => n > 0, SandboxCluster.Patience, "reconciles by the new leader");
            Assert.False(leader.Elector.IsLeader);
        }

        var lastOfOld = reconciles.Where(r => r.Instance == leader.Name).Max(r => r.Ended);
        var firstOfNew = reconciles.Where(r => r.Instance == follower.Name).Min(r => r.Started);
        Assert.True(lastOfOld < firstOfNew, "the old leader was still reconciling when the new one started");
    }

    [Fact]
    public async Task A_leader_shutting_down_releases_the_lease_for_an_immediate_hand_over()
    {
        await using var cluster = await SandboxCluster.StartAsync();
        var reconciles = new ConcurrentQueue<(string Instance, long Started, long Ended)>();
        var a = new OperatorInstance(cluster, "instance-a", reconciles);
        await Eventually.MatchAsync(() => a.Elector.IsLeader, leads => leads, SandboxCluster.Patience, "instance-a leading");
        await using var b = new OperatorInstance(cluster, "instance-b", reconciles);

        await a.DisposeAsync();
        var lease = await cluster.Client.Api.CoordinationV1.ReadNamespacedLeaseAsync("widgets-leader", "default", cancellationToken: CancellationToken.None);
        Assert.True(lease.Spec.HolderIdentity is null or "instance-b", $"the lease is still held by {lease.Spec.HolderIdentity}");
        await Eventually.MatchAsync(() => b.Elector.IsLeader, leads => leads, SandboxCluster.Patience, "instance-b taking over");
    }

    [Fact]
    public async Task A_follower_takes_a_released_lease_at_once_rather_than_at_its_next_retry()
    {
        await using var cluster = await SandboxCluster.StartAsync();

        // A retry period far longer than the patience below: only the follower's watch on the lease can explain a
        // take-over in time.
        LeaderElector Elector(string identity) => new(cluster.NewClient($"airwave-operator/{identity}"), new LeaderElectionOptions
        {
            LeaseName = "slow-retries-leader",
            Namespace = "default",
            Identity = identity,
            LeaseDuration = TimeSpan.FromMinutes(3),
            RenewDeadline = TimeSpan.FromMinutes(2),
            RetryPeriod = TimeSpan.FromMinutes(1),
        });
        var (a, b) = (Elector("instance-a"), Elector("instance-b"));
        using var stopA = new CancellationTokenSource();
        using var stopB = new CancellationTokenSource();
        var runA = a.RunAsync(lead => Task.Delay(Timeout.Infinite, lead), stopA.Token);
        await Eventually.MatchAsync(() => a.IsLeader, leads => leads, SandboxCluster.Patience, "instance-a leading");
        var readsByB = 0;
        void CountReadsByB(Airwave.Sandbox.Kubernetes.FaultRequest r)
        {
            if (r is { Resource: "leases", Verb: "get" } && r.Headers.TryGetValue("User-Agent", out var agent) && agent.Contains("instance-b", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref readsByB);
            }
        }

        Task runB;
        using (cluster.Server.Faults.Observe(CountReadsByB))
        {
            // instance-b has looked at the lease, found it held, and waits for its next retry.
            runB = b.RunAsync(lead => Task.Delay(Timeout.Infinite, lead), stopB.Token);
            await Eventually.MatchAsync(() => Volatile.Read(ref readsByB), reads => reads > 0, SandboxCluster.Patience, "instance-b reading the lease");
        }

        await stopA.CancelAsync();
        await runA;
        await Eventually.MatchAsync(() => b.IsLeader, leads => leads, SandboxCluster.Patience, "instance-b taking the released lease");
        var lease = await cluster.Client.Api.CoordinationV1.ReadNamespacedLeaseAsync("slow-retries-leader", "default");
        await stopB.CancelAsync();
        await runB;

        Assert.False(a.IsLeader);
        Assert.Equal(("instance-b", 1), (lease.Spec.HolderIdentity, lease.Spec.LeaseTransitions));
    }

    [Fact]
    public async Task A_write_begun_while_leading_is_not_sent_when_leadership_ends_before_its_body_goes_out()
    {
        await using var cluster = await SandboxCluster.StartAsync();
        var elector = new LeaderElector(cluster.NewClient("airwave-operator/instance-a"), new LeaderElectionOptions
        {
            LeaseName = "writes-leader",
            Namespace = "default",
            Identity = "instance-a",
            LeaseDuration = LeaseDuration,
            RenewDeadline = RenewDeadline,
            RetryPeriod = RetryPeriod,
        });
        var connection = new StallingConnection(elector);
        using var http = new HttpClient(new LeaderOnlyWrites(elector) { InnerHandler = connection });
        using var stop = new CancellationTokenSource();
        Exception? refused = null;

        await elector.RunAsync(
            async _ =>
            {
                // While leading, the write goes out as it was made.
                using var sent = await http.PostAsync("http://127.0.0.1:9/first", new StringContent("{\"first\":1}", System.Text.Encoding.UTF8, "application/json"), CancellationToken.None);
                Assert.Equal(System.Net.HttpStatusCode.OK, sent.StatusCode);

                // The next one is handed over while leading, then waits for a connection while the lease cannot be
                // renewed, as a process paused between the two would find on waking.
                connection.StallUntilLeadershipEnds = true;
                using var renewalsFail = cluster.Server.Faults.FailWhile(r => r.Resource == "leases", 500);
                try
                {
                    using var late = await http.PostAsync("http://127.0.0.1:9/second", new StringContent("{\"second\":2}"), CancellationToken.None);
                }
                catch (Exception e)
                {
                    refused = e;
                }

                await stop.CancelAsync();
            },
            stop.Token);

        Assert.Equal(["{\"first\":1} application/json; charset=utf-8"], connection.Bodies);
        Assert.IsType<NotLeaderException>(refused);
        Assert.False(elector.IsLeader);
    }

    /// <summary>Stands in for the connection pool and the wire: what the request's body wrote is what was sent.</summary>
    private sealed class StallingConnection(LeaderElector elector) : HttpMessageHandler
    {
        public bool StallUntilLeadershipEnds { get; set; }
        public ConcurrentQueue<string> Bodies { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (StallUntilLeadershipEnds)
            {
                await Eventually.MatchAsync(() => elector.IsLeader, leads => !leads, SandboxCluster.Patience, "leadership ending");
            }

            using var wire = new MemoryStream();
            await request.Content!.CopyToAsync(wire, cancellationToken);
            Bodies.Enqueue($"{System.Text.Encoding.UTF8.GetString(wire.ToArray())} {request.Content.Headers.ContentType}");
            return new HttpResponseMessage(System.Net.HttpStatusCode.OK);
        }
    }

    /// <summary>One operator process: its own client, informer, controller and elector, reconciling continuously while it leads.</summary>
    private sealed class OperatorInstance : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _run;
        private readonly Controller<TestObject> _controller;

        public OperatorInstance(SandboxCluster cluster, string name, ConcurrentQueue<(string, long, long)> reconciles)
        {
            Name = name;
            var client = cluster.NewClient($"airwave-operator/{name}");
            var informer = new Informer<TestObject>(client, TestObject.Type, new InformerOptions { Namespaces = ["default"] });
            var reconciler = new TrackingReconciler(async (_, _, ct) =>
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await Task.Delay(20, ct);
                    return ReconcileResult.After(TimeSpan.FromMilliseconds(50));
                }
                finally
                {
                    // Recorded even when leadership loss cancels it: it was running until now.
                    reconciles.Enqueue((name, started, Stopwatch.GetTimestamp()));
                }
            });
            _controller = new Controller<TestObject>(informer, reconciler, new ControllerOptions { Name = "widgets" });
            Elector = new LeaderElector(client, new LeaderElectionOptions
            {
                LeaseName = "widgets-leader",
                Namespace = "default",
                Identity = name,
                LeaseDuration = LeaseDuration,
                RenewDeadline = RenewDeadline,
                RetryPeriod = RetryPeriod,
            });
            _run = new ControllerManager([informer], [_controller], Elector).RunAsync(_stop.Token);
        }

        public string Name { get; }
        public LeaderElector Elector { get; }

        public async ValueTask DisposeAsync()
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            await _stop.CancelAsync();
            await _run;
            _controller.Dispose();
        }
    }
}
