using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Workloads;

/// <summary>A pod as a workload controller counts it: ended (Succeeded or Failed) or active, and ready or not.</summary>
internal sealed class OwnedPod(StoredObject stored)
{
    private readonly JsonObject _pod = stored.ToJson();

    public StoredObject Stored { get; } = stored;

    public string? Phase => (string?)_pod["status"]?["phase"];

    public bool IsActive => Phase is not ("Succeeded" or "Failed");

    public bool IsReady =>
        (_pod["status"]?["conditions"] as JsonArray ?? []).Any(c => (string?)c?["type"] == "Ready" && (string?)c?["status"] == "True");
}
