using Airwave.Signaling.Protocol;

namespace Airwave.Signaling.Routing;

/// <summary>What the registry hands frames to: a page's connection on this replica.</summary>
public interface IPeer
{
    /// <summary>Queues the frame for the page.</summary>
    void Send(ServerMessage message);
}
