using System.Globalization;
using Airwave.Sandbox.Aws;

namespace Airwave.Operator.Tests.WebRtc;

/// <summary>
/// The sandbox with SFU pods on ports of their own: its pods share the machine's network (each on a loopback address
/// of its own), so the engine's ports are reserved for this fixture, and a pod takes 4 viewers, so that a test's few
/// clients move the stream's size.
/// </summary>
public sealed class SfuSandbox : OperatorSandbox
{
    public const int ViewersPerPod = 4;

    /// <summary>Where streams' WHIP URLs point (status and ingest Secret); nothing answers there in these tests.</summary>
    public const string SignalingUrl = "https://live.example.com";

    /// <summary>The key the operator shares with the signaling service: each stream's pods take one derived from it.</summary>
    public const string BroadcastKey = "broadcast-key-the-operator-shares-in-tests";

    public int ApiPort { get; } = LoopbackPorts.Reserve();

    public int ManagementPort { get; } = LoopbackPorts.Reserve();

    private readonly int _turnPort = LoopbackPorts.Reserve();

    /// <summary>Recorded WebRtc streams' channels take their pods' pushes and record them.</summary>
    protected override bool RunMedia => true;

    protected override IEnumerable<KeyValuePair<string, string?>> MoreSettings =>
    [
        new("Operator:Sfu:ViewersPerPod", ViewersPerPod.ToString(CultureInfo.InvariantCulture)),
        new("Operator:Sfu:ApiPort", ApiPort.ToString(CultureInfo.InvariantCulture)),
        new("Operator:Sfu:ManagementPort", ManagementPort.ToString(CultureInfo.InvariantCulture)),
        new("Operator:Sfu:TurnPort", _turnPort.ToString(CultureInfo.InvariantCulture)),
        new("Operator:Sfu:MediaPorts", "43000-43019"),
        new("Operator:Sfu:RelayPorts", "43020-43039"),
        new("Operator:Sfu:ForwardPort", "43040"),

        // The pods push from the machine's loopback; RTMP streams' inputs keep the fixture's default CIDR.
        new("Operator:Sfu:EgressCidrs:0", "127.0.0.0/8"),
        new("Operator:Sfu:LoadInterval", "00:00:01"),
        new("Operator:Sfu:SignalingUrl", SignalingUrl),
        new("Operator:Sfu:BroadcastKey", BroadcastKey),

        // As the chart names the signaling service's pods, so the pods' API port takes no one else.
        new("Operator:Sfu:ApiCallers:Namespace", "airwave"),
        new("Operator:Sfu:ApiCallers:PodLabels:app.kubernetes.io/component", "signaling"),
    ];
}
