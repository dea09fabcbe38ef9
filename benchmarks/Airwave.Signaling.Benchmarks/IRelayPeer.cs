using Airwave.Benchmarking;

namespace Airwave.Signaling.Benchmarks;

/// <summary>A signaling server under measurement, in a process of its own, and how its pages talk to it.</summary>
public interface IRelayPeer : IDisposable
{
    string Name { get; }

    ServerProcess Process { get; }

    /// <summary>An idle page: connected and introduced, as a page with a Watch button sits.</summary>
    Task<RelayClient> ConnectIdleAsync(string user, CancellationToken cancellationToken);

    /// <summary>Two pages that can relay: frames the sender sends with <see cref="Relay"/> reach the receiver.</summary>
    Task<RelayPair> PairAsync(int index, CancellationToken cancellationToken);
}

/// <summary>A sender and a receiver of relayed frames; <see cref="Relay"/> makes the frame that carries a number, <see cref="Number"/> reads it back (null: another frame).</summary>
public sealed record RelayPair(RelayClient Sender, RelayClient Receiver, Func<long, string> Relay, Func<string, long?> Number);
