using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Conditions;

namespace Airwave.Kubernetes.Tests.Conditions;

public sealed class ConditionListTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T1 = T0.AddMinutes(5);

    [Fact]
    public void A_new_condition_is_appended_with_the_transition_time_in_whole_seconds()
    {
        var conditions = ConditionList.Set(null, "Ready", ConditionStatus.False, "Provisioning", "creating channel", 3, T0.AddMilliseconds(750));

        var ready = Assert.Single(conditions);
        Assert.Equal(("Ready", ConditionStatus.False, "Provisioning", "creating channel", 3L, T0), (ready.Type, ready.Status, ready.Reason, ready.Message, ready.ObservedGeneration, ready.LastTransitionTime));
    }

    [Fact]
    public void Same_status_keeps_the_transition_time_but_takes_the_new_reason_message_and_generation()
    {
        var before = ConditionList.Set(null, "Ready", ConditionStatus.False, "Provisioning", "creating channel", 3, T0);

        var after = ConditionList.Set(before, "Ready", ConditionStatus.False, "Starting", "starting channel", 4, T1);

        var ready = Assert.Single(after);
        Assert.Equal(T0, ready.LastTransitionTime);
        Assert.Equal(("Starting", "starting channel", 4L), (ready.Reason, ready.Message, ready.ObservedGeneration));
    }

    [Fact]
    public void A_status_change_moves_the_transition_time()
    {
        var before = ConditionList.Set(null, "Ready", ConditionStatus.False, "Provisioning", "creating channel", 3, T0);

        var after = ConditionList.Set(before, "Ready", ConditionStatus.True, "Running", "channel running", 3, T1);

        Assert.Equal(T1, Assert.Single(after).LastTransitionTime);
        Assert.True(ConditionList.IsTrue(after, "Ready"));
    }

    [Fact]
    public void Setting_an_identical_condition_returns_the_same_list_so_no_status_write_follows()
    {
        var before = ConditionList.Set(null, "Ready", ConditionStatus.True, "Running", "ok", 1, T0);

        var after = ConditionList.Set(before, "Ready", ConditionStatus.True, "Running", "ok", 1, T1);

        Assert.Same(before, after);
    }

    [Fact]
    public void Other_conditions_keep_their_place_and_values()
    {
        var conditions = ConditionList.Set(null, "Ready", ConditionStatus.False, "Provisioning", "", 1, T0);
        conditions = ConditionList.Set(conditions, "Degraded", ConditionStatus.False, "Healthy", "", 1, T0);

        conditions = ConditionList.Set(conditions, "Ready", ConditionStatus.True, "Running", "", 1, T1);

        Assert.Equal(["Ready", "Degraded"], conditions.Select(c => c.Type));
        Assert.Equal(T0, ConditionList.Find(conditions, "Degraded")!.LastTransitionTime);
        Assert.Equal(["Degraded"], ConditionList.Remove(conditions, "Ready").Select(c => c.Type));
    }
}
