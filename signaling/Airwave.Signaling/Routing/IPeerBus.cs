using Airwave.Signaling.Protocol;

namespace Airwave.Signaling.Routing;

/// <summary>Delivers a frame to its target's connection, on this replica or another.</summary>
public interface IPeerBus
{
    /// <summary>Sends the frame on its way; a target connected nowhere does not get it (the protocol recovers on reconnect).</summary>
    Task PublishAsync(Target target, ServerMessage message, CancellationToken cancellationToken);

    /// <summary>Whether frames from other replicas arrive (a replica that is cut off from them is not ready).</summary>
    bool IsConnected { get; }
}

/// <summary>One replica (SQLite): every connection is in this process.</summary>
public sealed class LocalPeerBus(ConnectionRegistry registry) : IPeerBus
{
    public bool IsConnected => true;

    public Task PublishAsync(Target target, ServerMessage message, CancellationToken cancellationToken)
    {
        registry.Deliver(target, message);
        return Task.CompletedTask;
    }
}
