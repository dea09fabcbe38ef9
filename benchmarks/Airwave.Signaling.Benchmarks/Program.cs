// Airwave's signaling service side by side with a socket.io 4 server doing the same relay, each in a process of its
// own on loopback: idle WebSockets held per GB of the server's resident memory, the latency of relaying a frame from
// one page to another (p50/p99), and frames relayed per second. Rounds alternate the two servers; figures are medians.
//   dotnet run -c Release --project benchmarks/Airwave.Signaling.Benchmarks -- [idle connections] [pairs] [rounds]
// With "start", builds of the service side by side instead: the time to ready, memory and CPU of a new process
// (SignalingStarts), a build being a DLL run under dotnet or a native program.
//   dotnet run -c Release --project benchmarks/Airwave.Signaling.Benchmarks -- start ROUNDS BUILD [BUILD ...]
using System.Diagnostics;
using System.Globalization;
using Airwave.Benchmarking;
using Airwave.Signaling.Benchmarks;

if (args is ["start", var startRounds, .. var builds] && builds.Length > 0)
{
    await SignalingStarts.RunAsync(builds, int.Parse(startRounds, CultureInfo.InvariantCulture));
    return;
}

var idle = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
var pairs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
const int LatencyFrames = 200;
const int ThroughputFrames = 2000;
const int Window = 64;

await SocketIoInstall.EnsureAsync();
Console.WriteLine($"{idle} idle connections, {pairs} relaying pairs, {rounds} rounds per server, on {Environment.ProcessorCount} cores");
var figures = new Dictionary<string, List<RoundFigures>>();
for (var round = 1; round <= rounds; round++)
{
    // Alternate which server goes first, so neither always runs on a machine the other has just warmed or loaded.
    var order = round % 2 == 1 ? new[] { "Airwave", "socket.io 4" } : ["socket.io 4", "Airwave"];
    foreach (var name in order)
    {
        using IRelayPeer peer = name == "Airwave" ? await AirwavePeer.StartAsync(Ports.Free(), Ports.Free()) : await SocketIoPeer.StartAsync(Ports.Free());
        var result = await MeasureAsync(peer);
        Console.WriteLine($"round {round}, {peer.Name}: {result.BytesPerIdleConnection / 1024.0:F1} KiB per idle connection, relay p50 {result.P50.TotalMilliseconds:F3} ms, p99 {result.P99.TotalMilliseconds:F3} ms, {result.FramesPerSecond:F0} frames/s");
        (figures.TryGetValue(peer.Name, out var list) ? list : figures[peer.Name] = []).Add(result);
    }
}

var airwave = Median(figures["Airwave"]);
var socketIo = Median(figures["socket.io 4"]);
Console.WriteLine();
Console.WriteLine("| | Airwave | socket.io 4 | ratio |");
Console.WriteLine("|---|---|---|---|");
Console.WriteLine($"| idle WebSockets per GB of server memory | {airwave.PerGigabyte:N0} | {socketIo.PerGigabyte:N0} | {airwave.PerGigabyte / socketIo.PerGigabyte:F2}× |");
Console.WriteLine($"| relay latency p50 | {airwave.P50.TotalMilliseconds:F3} ms | {socketIo.P50.TotalMilliseconds:F3} ms | {airwave.P50 / socketIo.P50:F2}× |");
Console.WriteLine($"| relay latency p99 | {airwave.P99.TotalMilliseconds:F3} ms | {socketIo.P99.TotalMilliseconds:F3} ms | {airwave.P99 / socketIo.P99:F2}× |");
Console.WriteLine($"| frames relayed per second | {airwave.FramesPerSecond:N0} | {socketIo.FramesPerSecond:N0} | {airwave.FramesPerSecond / socketIo.FramesPerSecond:F2}× |");

async Task<RoundFigures> MeasureAsync(IRelayPeer peer)
{
    using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
    var cancellationToken = limit.Token;

    // Warm-up: the pairs relay once at full speed, so both runtimes have compiled their hot code before the figures.
    var relaying = new List<RelayPair>();
    for (var i = 0; i < pairs; i++)
    {
        relaying.Add(await peer.PairAsync(i, cancellationToken));
    }

    await ThroughputAsync(relaying, cancellationToken);
    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);

    // What each further idle page costs: the slope, by least squares, of the server's resident memory over the pages
    // connected, read after every eighth of them. The first quarter is connected before the first reading: it grows
    // what any number of pages needs once (the pools, the threads, the code that accepts them).
    var idlers = await ConnectIdleAsync(peer, 0, idle / 4, cancellationToken);
    var readings = new List<(double Pages, double Bytes)>();
    for (var step = 0; step <= 8; step++)
    {
        if (step > 0)
        {
            idlers.AddRange(await ConnectIdleAsync(peer, idlers.Count, idle / 8, cancellationToken));
        }

        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        readings.Add((idlers.Count, peer.Process.ResidentBytes()));
    }

    var perConnection = Slope(readings);

    var latencies = (await Task.WhenAll(relaying.Select(pair => LatenciesAsync(pair, cancellationToken)))).SelectMany(l => l).Order().ToList();
    var framesPerSecond = await ThroughputAsync(relaying, cancellationToken);

    foreach (var client in idlers.Concat(relaying.SelectMany(p => new[] { p.Sender, p.Receiver })))
    {
        await client.DisposeAsync();
    }

    return new RoundFigures(perConnection, latencies[latencies.Count / 2], latencies[(int)(latencies.Count * 0.99)], framesPerSecond);
}

static double Slope(List<(double X, double Y)> points)
{
    var meanX = points.Average(p => p.X);
    var meanY = points.Average(p => p.Y);
    return points.Sum(p => (p.X - meanX) * (p.Y - meanY)) / points.Sum(p => (p.X - meanX) * (p.X - meanX));
}

// Pages numbered from first on, connected and introduced a hundred at a time.
static async Task<List<RelayClient>> ConnectIdleAsync(IRelayPeer peer, int first, int count, CancellationToken cancellationToken)
{
    var clients = new List<RelayClient>(count);
    for (var i = first; i < first + count; i += 100)
    {
        clients.AddRange(await Task.WhenAll(Enumerable.Range(i, Math.Min(100, first + count - i)).Select(n => peer.ConnectIdleAsync($"idle{n}", cancellationToken))));
    }

    return clients;
}

// One frame in flight per pair: the time from the sender's send to the receiver's socket handing the frame over.
static async Task<List<TimeSpan>> LatenciesAsync(RelayPair pair, CancellationToken cancellationToken)
{
    var latencies = new List<TimeSpan>(LatencyFrames);
    for (long n = 0; n < LatencyFrames; n++)
    {
        var frame = pair.Relay(n);
        var sent = Stopwatch.GetTimestamp();
        await pair.Sender.SendAsync(frame, cancellationToken);
        while (true)
        {
            var (at, text) = await pair.Receiver.Received.ReadAsync(cancellationToken);
            if (pair.Number(text) == n)
            {
                latencies.Add(Stopwatch.GetElapsedTime(sent, at));
                break;
            }
        }
    }

    return latencies;
}

// Every pair sends as fast as its receiver keeps up, with at most Window frames in flight (so neither server's send
// queue to a slow page fills): frames relayed per second across the pairs.
static async Task<double> ThroughputAsync(List<RelayPair> relaying, CancellationToken cancellationToken)
{
    var started = Stopwatch.GetTimestamp();
    await Task.WhenAll(relaying.Select(async pair =>
    {
        var received = 0L;
        var receiving = Task.Run(
            async () =>
            {
                while (Interlocked.Read(ref received) < ThroughputFrames)
                {
                    var (_, text) = await pair.Receiver.Received.ReadAsync(cancellationToken);
                    if (pair.Number(text) is not null)
                    {
                        Interlocked.Increment(ref received);
                    }
                }
            },
            cancellationToken);
        for (long n = 0; n < ThroughputFrames; n++)
        {
            while (n - Interlocked.Read(ref received) >= Window)
            {
                await Task.Delay(1, cancellationToken);
            }

            await pair.Sender.SendAsync(pair.Relay(n), cancellationToken);
        }

        await receiving;
    }));
    return relaying.Count * (double)ThroughputFrames / Stopwatch.GetElapsedTime(started).TotalSeconds;
}

static RoundFigures Median(List<RoundFigures> rounds) => new(
    rounds.Select(r => r.BytesPerIdleConnection).Order().ElementAt(rounds.Count / 2),
    rounds.Select(r => r.P50).Order().ElementAt(rounds.Count / 2),
    rounds.Select(r => r.P99).Order().ElementAt(rounds.Count / 2),
    rounds.Select(r => r.FramesPerSecond).Order().ElementAt(rounds.Count / 2));

/// <summary>One round's figures for one server.</summary>
internal sealed record RoundFigures(double BytesPerIdleConnection, TimeSpan P50, TimeSpan P99, double FramesPerSecond)
{
    public double PerGigabyte => 1024.0 * 1024 * 1024 / BytesPerIdleConnection;
}
