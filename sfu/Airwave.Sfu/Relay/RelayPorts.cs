namespace Airwave.Sfu.Relay;

/// <summary>Where a pod takes a relayed publisher: the UDP port for its media, and the one its RTCP feedback (keyframe requests) comes from.</summary>
public sealed record RelayPorts(int Port, int? RtcpPort);
