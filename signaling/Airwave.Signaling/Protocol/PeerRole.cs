namespace Airwave.Signaling.Protocol;

/// <summary>What a connection introduced itself as.</summary>
public enum PeerRole
{
    Broadcaster,
    Viewer,
}
