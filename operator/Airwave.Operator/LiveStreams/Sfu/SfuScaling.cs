using Airwave.Operator.Configuration;

namespace Airwave.Operator.LiveStreams.Sfu;

/// <summary>
/// How many SFU pods a running stream needs for the viewers it has now, up to what its maxViewers allows. It grows at
/// once, to as many pods as needed; it shrinks one pod at a time and only after draining it: the least loaded pod is
/// marked, and goes once its clients left or the drain timeout passed. The thresholds are apart
/// (grow at 80 % of a pod's viewers, shrink when the rest would be at most 50 % full) so that a stream does not
/// flap between two sizes.
/// </summary>
public static class SfuScaling
{
    public static SfuPlan Plan(int current, IReadOnlyList<SfuPodView> pods, int maxPods, SfuOptions sfu, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pods);
        ArgumentNullException.ThrowIfNull(sfu);
        var viewers = pods.Sum(p => p.Sessions ?? 0);
        var draining = pods.Where(p => p.DrainingSince is not null).ToList();
        var needed = Math.Clamp((int)Math.Ceiling(viewers / (sfu.ViewersPerPod * sfu.ScaleUpAt)), 1, maxPods);
        if (current < 1 || (needed > current && current < maxPods))
        {
            // More pods are needed: every pod that was about to go stays.
            return new SfuPlan(needed, null, Names(draining), current < 1 ? null : $"{viewers} viewers need {Pods(needed)}");
        }

        var fewerFit = current > maxPods || (current > 1 && viewers <= (current - 1) * sfu.ViewersPerPod * sfu.ScaleDownAt);
        if (!fewerFit)
        {
            return new SfuPlan(current, null, Names(draining), null);
        }

        // A pod that is not ready, or not there (not made yet, or being deleted), carries no viewers: the ReplicaSet
        // removes such a pod first, so no ready pod is drained for it.
        if (pods.Count < current || pods.Any(p => !p.Ready))
        {
            return new SfuPlan(current - 1, null, [], $"{viewers} viewers fit in {Pods(current - 1)}");
        }

        if (draining.OrderBy(p => p.DrainingSince).FirstOrDefault() is { } leaving)
        {
            var done = leaving.Sessions == 0 || now - leaving.DrainingSince >= sfu.DrainTimeout;
            return new SfuPlan(done ? current - 1 : current, null, Names(draining.Where(p => p != leaving)), done ? $"pod {leaving.Name} drained" : null);
        }

        // The publisher's pod goes last: its leaving would cut the broadcast until the publisher reconnects.
        var least = pods.OrderBy(p => p.Publishing).ThenBy(p => p.Sessions ?? int.MaxValue).ThenBy(p => p.Name, StringComparer.Ordinal).First();
        return new SfuPlan(current, least.Name, [], null);
    }

    private static string Pods(int count) => count == 1 ? "1 pod" : $"{count} pods";

    private static List<string> Names(IEnumerable<SfuPodView> pods) => [.. pods.Select(p => p.Name)];
}

/// <summary>A pod as the scaling sees it: its load (null when unknown), since when it drains, if it does, and whether the publisher is on it.</summary>
public sealed record SfuPodView(string Name, bool Ready, int? Sessions, DateTimeOffset? DrainingSince, bool Publishing = false);

/// <summary>
/// What to do: the replicas the Deployment should have, a pod to start draining, pods to take back from draining,
/// and why the replicas change (for the stream's event); null when they do not.
/// </summary>
public sealed record SfuPlan(int Replicas, string? Drain, IReadOnlyList<string> Undrain, string? Why);
