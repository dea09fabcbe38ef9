using System.ComponentModel;
using Airwave.Api.Common;
using Airwave.Kubernetes.ApiMachinery.Crds;

namespace Airwave.Api.LiveStreams;

[Description("The observed state of a LiveStream, written by the operator.")]
public sealed record LiveStreamStatus : ResourceStatus
{
    [Description("Where the stream is in its lifecycle.")]
    public LiveStreamPhase? Phase { get; init; }

    [Description("Where to push video. Full URLs with stream keys are in the Secret named by secretRef.")]
    public IngestStatus? Ingest { get; init; }

    [Description("Where viewers watch the stream.")]
    public PlaybackStatus? Playback { get; init; }

    [Description("Players watching the stream now and at most this run.")]
    public ViewersStatus? Viewers { get; init; }

    [Description("What the stream is estimated to cost: per hour while running, this session and in all.")]
    public CostStatus? Cost { get; init; }

    [Description("The recording session of the current run, while the stream is running.")]
    public string? CurrentSessionId { get; init; }

    /// <summary>How many sessions status keeps: an object's size is bounded, and a stream may start every day for years.</summary>
    public const int MaxSessions = 50;

    [Description("One entry per start of the stream, newest last: the newest 50; older ones are in the downstream events (stream.started, stream.stopped).")]
    [ListMapKeys("id")]
    public IReadOnlyList<StreamSession> Sessions { get; init; } = [];

    [Description("The SFU pods of a WebRtc stream.")]
    public SfuStatus? Sfu { get; init; }

    [Description("The connector pod of a Chime stream.")]
    public ConnectorStatus? Connector { get; init; }

    [Description("The IVS channel of a Chime stream with target Ivs.")]
    public IvsStatus? Ivs { get; init; }

    [Description("Identifiers of the AWS resources behind the stream.")]
    public AwsResources? Aws { get; init; }

    [Description("The installation whose name the stream's AWS resources carry in their airwave.dev/cluster tag (the operator's clusterName when the stream was made).")]
    public string? Cluster { get; init; }

    [Description("When the stream last started.")]
    public DateTimeOffset? LastStarted { get; init; }

    [Description("When the stream last stopped.")]
    public DateTimeOffset? LastStopped { get; init; }
}
