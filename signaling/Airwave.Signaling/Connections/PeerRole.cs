namespace Airwave.Signaling.Connections;

/// <summary>What a connection introduced itself as.</summary>
public enum PeerRole
{
    Broadcaster,
    Viewer,
}
