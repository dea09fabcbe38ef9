using System.ComponentModel;
using Airwave.Kubernetes.ApiMachinery.Crds;

namespace Airwave.Api.LiveStreams;

[Description("The SFU pods that carry a WebRtc stream: the Deployment and Service of them, and each pod's readiness and load.")]
public sealed record SfuStatus
{
    [Description("The Deployment of the stream's SFU pods.")]
    public string? Deployment { get; init; }

    [Description("The headless Service whose name resolves to each ready pod: the engine's API port (api) and the TURN port media goes through (turn).")]
    public string? Service { get; init; }

    [Description("The pods the stream runs now: as many as its viewers need while Running, 0 while stopped.")]
    public int Replicas { get; init; }

    [Description("The most pods the stream runs: ceil(spec.source.webRtc.maxViewers / viewersPerPod).")]
    public int MaxReplicas { get; init; }

    [Description("How many of them are ready to take publishers and viewers.")]
    public int ReadyReplicas { get; init; }

    [Description("Viewers one pod is sized for (the operator's sfu.viewersPerPod setting).")]
    public int ViewersPerPod { get; init; }

    [Description("Each pod, with its load as its engine last reported it.")]
    [ListMapKeys("name")]
    public IReadOnlyList<SfuPodStatus> Pods { get; init; } = [];
}

[Description("One SFU pod and its load.")]
public sealed record SfuPodStatus
{
    public required string Name { get; init; }

    [Description("Whether the pod is ready: its engine answers and runs the VideoRoom plugin.")]
    public bool Ready { get; init; }

    [Description("The pod's address.")]
    public string? Address { get; init; }

    [Description("Clients (a publisher or a viewer each) the engine serves; unset when its metrics could not be read.")]
    public int? Sessions { get; init; }

    [Description("Peer connections the engine serves: the pod's load; unset when its metrics could not be read.")]
    public int? Handles { get; init; }

    [Description("Since when the pod drains: it is to leave, and goes once its clients left or the operator's drain timeout passed.")]
    public DateTimeOffset? DrainingSince { get; init; }
}
