using Airwave.Api.Validation;

namespace Airwave.Operator.Configuration;

/// <summary>
/// The meeting connector pods of Chime streams (section Operator:Connector): each such stream runs one while it is
/// Running, which opens the meeting page in a browser and pushes what it shows and plays into the stream's input.
/// </summary>
public sealed record ConnectorOptions
{
    /// <summary>The airwave-connector image (the Dockerfile's connector target): Chromium, Xvfb, PulseAudio and ffmpeg.</summary>
    public string Image { get; init; } = "airwave/connector:0.1.0";

    /// <summary>The pod's /healthz and /readyz (ready once the meeting's media is pushed).</summary>
    public int Port { get; init; } = 8080;

    /// <summary>How long joining may take before the connector gives up and its pod restarts (with the kubelet's backoff).</summary>
    public TimeSpan JoinTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a running Chime stream's connector pod is looked at (pods are not watched).</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A browser and an H.264 encoder at 720p30 take about a core.</summary>
    public string CpuRequest { get; init; } = "1";

    public string MemoryRequest { get; init; } = "1Gi";

    public string MemoryLimit { get; init; } = "2Gi";

    /// <summary>The hosts whose meeting pages a connector may open; null: Amazon Chime's (see <see cref="MeetingHostPolicy"/>).</summary>
    public IReadOnlyList<string>? AllowedMeetingHosts { get; init; }

    public MeetingHostPolicy MeetingHosts => MeetingHostPolicy.For(AllowedMeetingHosts);

    /// <summary>
    /// Where a connector pod may not connect to (its NetworkPolicy's egress exceptions): the cluster's pod, service and
    /// node addresses and link-local ones (the cloud's metadata service). Null: every private, shared, loopback and
    /// link-local range, which holds the cluster's addresses wherever they are private.
    /// </summary>
    public IReadOnlyList<string>? DeniedEgressCidrs { get; init; }

    public IReadOnlyList<string> EgressDenied => DeniedEgressCidrs ?? Kubernetes.InternetEgress.PrivateRanges;
}
