using System.Globalization;
using System.Text.Json;

using Airwave.Benchmarking;

namespace Airwave.Signaling.Benchmarks;

/// <summary>
/// A socket.io 4 server (socketio/server.js) doing the same relay, its clients speaking the socket.io protocol over
/// WebSocket as the socket.io client does: "40" joins the default namespace, "42[...]" carries an event, the server's
/// "2" pings are answered "3".
/// </summary>
public sealed class SocketIoPeer : IRelayPeer
{
    private readonly Uri _socket;

    private SocketIoPeer(ServerProcess process, int port)
    {
        Process = process;
        _socket = new Uri($"ws://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/socket.io/?EIO=4&transport=websocket");
    }

    public string Name => "socket.io 4";

    public ServerProcess Process { get; }

    public static async Task<SocketIoPeer> StartAsync(int port)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "socketio");
        var (process, _) = await ServerProcess.StartAsync("node", ["server.js", port.ToString(CultureInfo.InvariantCulture)], new Dictionary<string, string>(), line => line.StartsWith("listening", StringComparison.Ordinal), folder);
        return new SocketIoPeer(process, port);
    }

    public async Task<RelayClient> ConnectIdleAsync(string user, CancellationToken cancellationToken) => (await JoinAsync(cancellationToken)).Client;

    public async Task<RelayPair> PairAsync(int index, CancellationToken cancellationToken)
    {
        var (receiver, receiverId) = await JoinAsync(cancellationToken);
        var (sender, _) = await JoinAsync(cancellationToken);
        var to = JsonSerializer.Serialize(receiverId);
        return new RelayPair(
            sender,
            receiver,
            n => $"42[\"relay\",{to},{n.ToString(CultureInfo.InvariantCulture)}]",
            text => text.StartsWith("42[\"relay\",", StringComparison.Ordinal) && long.TryParse(text.AsSpan(11, text.Length - 12), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null);
    }

    public void Dispose() => Process.Dispose();

    private async Task<(RelayClient Client, string Id)> JoinAsync(CancellationToken cancellationToken)
    {
        var client = await RelayClient.ConnectAsync(_socket, null, text => text == "2" ? "3" : null, cancellationToken);
        await client.ExpectAsync(t => t.StartsWith('0'));
        await client.SendAsync("40", cancellationToken);
        var joined = await client.ExpectAsync(t => t.StartsWith("40", StringComparison.Ordinal));
        return (client, JsonDocument.Parse(joined.AsMemory(2)).RootElement.GetProperty("sid").GetString()!);
    }
}
