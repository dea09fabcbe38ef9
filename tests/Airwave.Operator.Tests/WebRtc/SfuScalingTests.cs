using Airwave.Operator.Configuration;
using Airwave.Operator.LiveStreams.Sfu;

namespace Airwave.Operator.Tests.WebRtc;

/// <summary>How many SFU pods a running stream gets for its viewers, and how a pod leaves: drained first.</summary>
public sealed class SfuScalingTests
{
    private static readonly SfuOptions Sfu = new() { ViewersPerPod = 100, DrainTimeout = TimeSpan.FromMinutes(10) };
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_starting_stream_gets_one_pod_and_more_only_as_viewers_come()
    {
        var start = SfuScaling.Plan(0, [], maxPods: 5, Sfu, Now);
        var quiet = SfuScaling.Plan(1, [Pod("a", 79)], maxPods: 5, Sfu, Now);
        var busy = SfuScaling.Plan(1, [Pod("a", 81)], maxPods: 5, Sfu, Now);
        var crowd = SfuScaling.Plan(2, [Pod("a", 100), Pod("b", 300)], maxPods: 5, Sfu, Now);

        Assert.Equal(1, start.Replicas);
        Assert.Equal(1, quiet.Replicas);
        Assert.Equal(2, busy.Replicas);
        Assert.Equal("81 viewers need 2 pods", busy.Why);
        Assert.Equal(5, crowd.Replicas);
    }

    [Fact]
    public void A_stream_never_runs_more_pods_than_its_max_viewers_allow()
    {
        var plan = SfuScaling.Plan(2, [Pod("a", 100), Pod("b", 100)], maxPods: 2, Sfu, Now);

        Assert.Equal(2, plan.Replicas);
        Assert.Null(plan.Drain);
    }

    [Fact]
    public void When_fewer_pods_would_do_the_least_loaded_one_drains_first_and_the_pods_stay()
    {
        var plan = SfuScaling.Plan(3, [Pod("a", 40), Pod("b", 12), Pod("c", 30)], maxPods: 5, Sfu, Now);

        Assert.Equal(3, plan.Replicas);
        Assert.Equal("b", plan.Drain);
        Assert.Null(plan.Why);
    }

    [Fact]
    public void The_publishers_pod_is_not_drained_while_another_can_go()
    {
        var plan = SfuScaling.Plan(3, [Pod("a", 40), Pod("b", 12, publishing: true), Pod("c", 30)], maxPods: 5, Sfu, Now);

        Assert.Equal("c", plan.Drain);
    }

    [Fact]
    public void Between_the_two_thresholds_nothing_moves()
    {
        // 60 viewers: more than half of one pod (no shrinking), less than 80 % of two (no growing).
        var plan = SfuScaling.Plan(2, [Pod("a", 30), Pod("b", 30)], maxPods: 5, Sfu, Now);

        Assert.Equal(new SfuPlan(2, null, [], null), plan with { Undrain = [] });
    }

    [Fact]
    public void A_draining_pod_goes_once_its_viewers_left_or_its_time_is_up()
    {
        var waiting = SfuScaling.Plan(2, [Pod("a", 20), Pod("b", 3, drainingFor: TimeSpan.FromMinutes(2))], maxPods: 5, Sfu, Now);
        var empty = SfuScaling.Plan(2, [Pod("a", 20), Pod("b", 0, drainingFor: TimeSpan.FromMinutes(2))], maxPods: 5, Sfu, Now);
        var overdue = SfuScaling.Plan(2, [Pod("a", 20), Pod("b", 3, drainingFor: TimeSpan.FromMinutes(11))], maxPods: 5, Sfu, Now);

        Assert.Equal((2, null), (waiting.Replicas, waiting.Drain));
        Assert.Equal((1, "pod b drained"), (empty.Replicas, empty.Why));
        Assert.Equal(1, overdue.Replicas);
    }

    [Fact]
    public void Viewers_coming_back_take_a_draining_pod_back()
    {
        var plan = SfuScaling.Plan(2, [Pod("a", 70), Pod("b", 20, drainingFor: TimeSpan.FromMinutes(1))], maxPods: 5, Sfu, Now);

        Assert.Equal(2, plan.Replicas);
        Assert.Equal(["b"], plan.Undrain);
    }

    [Fact]
    public void A_pod_that_is_not_ready_carries_no_viewers_and_goes_without_draining()
    {
        var plan = SfuScaling.Plan(2, [Pod("a", 10), Pod("b", null, ready: false)], maxPods: 5, Sfu, Now);

        Assert.Equal(1, plan.Replicas);
        Assert.Null(plan.Drain);
    }

    [Fact]
    public void A_pod_not_there_yet_or_on_its_way_out_goes_first_and_no_ready_pod_is_drained_for_it()
    {
        // Two replicas, one pod listed: the other is not made yet, or is being deleted (a crashed pod replaced).
        var plan = SfuScaling.Plan(2, [Pod("a", 0)], maxPods: 5, Sfu, Now);

        Assert.Equal(1, plan.Replicas);
        Assert.Null(plan.Drain);
        Assert.Equal("0 viewers fit in 1 pod", plan.Why);
    }

    [Fact]
    public void Lowering_max_viewers_below_the_running_pods_drains_one_at_a_time()
    {
        var plan = SfuScaling.Plan(3, [Pod("a", 90), Pod("b", 95), Pod("c", 80)], maxPods: 2, Sfu, Now);

        Assert.Equal(3, plan.Replicas);
        Assert.Equal("c", plan.Drain);
    }

    private static SfuPodView Pod(string name, int? sessions, bool ready = true, TimeSpan? drainingFor = null, bool publishing = false) =>
        new(name, ready, sessions, drainingFor is { } d ? Now - d : null, publishing);
}
