using System.Globalization;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Pods;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Workloads;

/// <summary>A pod as a workload controller counts it: ended (Succeeded or Failed) or active, and ready or not.</summary>
internal sealed class OwnedPod(StoredObject stored)
{
    private readonly JsonObject _pod = stored.ToJson();

    public StoredObject Stored { get; } = stored;

    public string? Phase => (string?)_pod["status"]?["phase"];

    public bool IsActive => Phase is not ("Succeeded" or "Failed");

    /// <summary>The pod's controller.kubernetes.io/pod-deletion-cost: which of a ReplicaSet's pods go first when it scales down (0 unless set).</summary>
    public int DeletionCost =>
        int.TryParse((string?)_pod["metadata"]?["annotations"]?["controller.kubernetes.io/pod-deletion-cost"], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var cost) ? cost : 0;

    public bool IsReady => PodReadiness.IsReady(_pod);

    /// <summary>When its last container ended (the latest finishedAt of its containers); null while none has.</summary>
    public DateTimeOffset? FinishedAt =>
        (_pod["status"]?["containerStatuses"] as JsonArray ?? [])
            .Select(s => DateTimeOffset.TryParse((string?)s?["state"]?["terminated"]?["finishedAt"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : (DateTimeOffset?)null)
            .Max();

    /// <summary>The revision of its controller's template it was made from (DaemonSets', StatefulSets').</summary>
    public string? Revision => Stored.Labels.GetValueOrDefault(PodTemplates.RevisionLabel);
}
