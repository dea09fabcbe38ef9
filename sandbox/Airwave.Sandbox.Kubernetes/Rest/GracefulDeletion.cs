using System.Globalization;
using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Sandbox.Kubernetes.Resources;

namespace Airwave.Sandbox.Kubernetes.Rest;

/// <summary>
/// kube-apiserver's graceful deletion of pods: a pod on a node stays, Terminating, with a deletionTimestamp and
/// deletionGracePeriodSeconds, until its kubelet has ended its containers and deletes it for good (a second delete
/// may only shorten the wait; `kubectl delete --grace-period=0 --force` removes it at once). Controllers and clients
/// that wait for a pod to be gone therefore wait for its processes, as on a cluster.
/// </summary>
internal static class GracefulDeletion
{
    /// <summary>The spec's default, as kube-apiserver defaults terminationGracePeriodSeconds.</summary>
    private const long DefaultPeriod = 30;

    /// <summary>
    /// Seconds the object is given before it is removed, as the pod strategy's CheckGracefulDelete decides them: 0 (at
    /// once) for every other kind, for a pod no node runs and for a pod that has already ended.
    /// </summary>
    public static long Period(ResourceType type, JsonObject obj, DeleteOptions options)
    {
        if (type != BuiltInResources.Pods
            || (string?)obj["spec"]?["nodeName"] is not { Length: > 0 }
            || (string?)obj["status"]?["phase"] is "Succeeded" or "Failed")
        {
            return 0;
        }

        var period = options.GracePeriodSeconds ?? (long?)obj["spec"]?["terminationGracePeriodSeconds"] ?? DefaultPeriod;
        return period < 0 ? 1 : period;
    }

    /// <summary>Whether a delete of an object already being deleted shortens its pending grace period, the only change a second delete makes.</summary>
    public static bool Shortens(JsonObject metadata, DeleteOptions options, long period) =>
        options.GracePeriodSeconds is not null && period < Pending(metadata);

    /// <summary>The grace period an object being deleted still has pending; 0 when nothing holds it but finalizers.</summary>
    public static long Pending(JsonObject metadata) => (long?)metadata["deletionGracePeriodSeconds"] ?? 0;

    /// <summary>Marks the object deleted <paramref name="period"/> seconds after its deletion was first asked for.</summary>
    public static void Mark(JsonObject metadata, long period, DateTimeOffset now)
    {
        var asked = DateTimeOffset.TryParse((string?)metadata["deletionTimestamp"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var due)
            ? due - TimeSpan.FromSeconds(Pending(metadata))
            : now;
        metadata["deletionTimestamp"] = KubernetesTimeConverter.ToText(asked + TimeSpan.FromSeconds(period));
        metadata["deletionGracePeriodSeconds"] = period;
    }
}
