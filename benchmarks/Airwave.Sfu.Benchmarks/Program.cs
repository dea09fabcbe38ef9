// Airwave's SFU pod side by side with a Janus VideoRoom configured by hand, on the same machine: one publisher sending
// a 1 Mbit/s VP8 + Opus stream as it is (no encoding), and N viewers (aiortc peers in processes of their own, which
// count packets and frames instead of decoding). Per engine and viewer count: RTP packets forwarded per second, the
// engine's CPU (every process of it), packets per second per core, CPU per viewer, and the lowest frame rate any viewer
// got. Rounds alternate the engines; figures are medians.
//   dotnet run -c Release --project benchmarks/Airwave.Sfu.Benchmarks -- [viewer counts, e.g. 10,20,40] [rounds] [window seconds]
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Airwave.Sfu.Benchmarks;

var counts = (args.Length > 0 ? args[0] : "10,20,40").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList();
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var window = TimeSpan.FromSeconds(args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 10);
const int ViewersPerProcess = 25;
const double PublishedFps = 30;
const string Python = "/usr/bin/python3";

var media = Path.Combine(Directory.CreateTempSubdirectory("airwave-sfu-bench-").FullName, "media.webm");
await MakeMediaAsync(media);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"viewers {string.Join(", ", counts)}; {rounds} rounds per engine; {window.TotalSeconds} s windows; {Environment.ProcessorCount} cores"));

var results = new List<(int Viewers, string Engine, Figures Figures)>();
foreach (var viewers in counts)
{
    for (var round = 1; round <= rounds; round++)
    {
        // Alternate which engine goes first, so neither always runs on a machine the other has just loaded.
        foreach (var pod in round % 2 == 1 ? new[] { true, false } : [false, true])
        {
            await using IEngine engine = pod ? await SfuPod.StartAsync(FreePort, "41700-41899") : await HandJanus.StartAsync(FreePort(), "41700-41899");
            var figures = await MeasureAsync(engine, viewers);
            results.Add((viewers, engine.Name, figures));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{viewers} viewers, round {round}, {engine.Name}: {figures}"));
        }
    }
}

Console.WriteLine();
Console.WriteLine("| viewers | | SFU pod | Janus by hand | ratio |");
Console.WriteLine("|---|---|---|---|---|");
foreach (var viewers in counts)
{
    var (pod, hand) = (Median("SFU pod", viewers), Median("Janus by hand", viewers));
    Row(viewers, "RTP packets forwarded per second", pod.PacketsPerSecond, hand.PacketsPerSecond, "N0");
    Row(viewers, "engine CPU, % of a core", pod.EngineCores * 100, hand.EngineCores * 100, "F1");
    Row(viewers, "of which janus", pod.JanusCores * 100, hand.JanusCores * 100, "F1");
    Row(viewers, "packets forwarded per second per core", pod.PacketsPerCore, hand.PacketsPerCore, "N0");
    Row(viewers, "CPU per viewer, ms a second", pod.CpuPerViewerMs, hand.CpuPerViewerMs, "F2");
    Row(viewers, "lowest viewer frame rate, fps", pod.LowestFps, hand.LowestFps, "F1");
    Row(viewers, "viewers' processes' CPU, % of a core", pod.LoadCores * 100, hand.LoadCores * 100, "F0");
}

Console.WriteLine();
foreach (var name in new[] { "SFU pod", "Janus by hand" })
{
    var kept = results.Where(r => r.Engine == name).GroupBy(r => r.Viewers).Where(g => g.All(r => r.Figures.LowestFps >= PublishedFps * 0.95)).Select(g => g.Key).DefaultIfEmpty(0).Max();
    Console.Write(kept > 0
        ? string.Create(CultureInfo.InvariantCulture, $"{name}: every viewer got at least {PublishedFps * 0.95} fps in every round up to {kept} viewers")
        : string.Create(CultureInfo.InvariantCulture, $"{name}: at every count some viewer got fewer than {PublishedFps * 0.95} fps"));
    if (counts.Count > 1)
    {
        // What one more viewer costs, apart from what the engine spends with none (the pod's program polling it, say).
        var (fewest, most) = (Median(name, counts.Min()), Median(name, counts.Max()));
        var perViewer = (most.EngineCores - fewest.EngineCores) * 1000 / (most.Viewers - fewest.Viewers);
        Console.Write(string.Create(CultureInfo.InvariantCulture, $"; each viewer more costs {perViewer:F2} ms of CPU a second, so one core forwards to about {1000 / perViewer:N0} viewers"));
    }

    Console.WriteLine();
}

Figures Median(string engine, int viewers) => Figures.Median([.. results.Where(r => r.Engine == engine && r.Viewers == viewers).Select(r => r.Figures)]);

async Task<Figures> MeasureAsync(IEngine engine, int viewers)
{
    string[] key = engine.Mode == "whip" ? [SfuPod.PublishKey] : [];
    await using var publisher = ChildProcess.Start(Python, ["sfu_load.py", "publish", engine.Mode, engine.Url, media, "600", .. key]);
    // The engine has the publisher before the first viewer asks for it.
    await Task.Delay(TimeSpan.FromSeconds(3));
    var shares = Enumerable.Range(0, (viewers + ViewersPerProcess - 1) / ViewersPerProcess)
        .Select(i => Math.Min(ViewersPerProcess, viewers - (i * ViewersPerProcess))).ToList();
    var loads = shares.Select(n => ChildProcess.Start(Python, ["sfu_load.py", "view", engine.Mode, engine.Url, n.ToString(CultureInfo.InvariantCulture), window.TotalSeconds.ToString(CultureInfo.InvariantCulture)])).ToList();
    try
    {
        foreach (var load in loads)
        {
            var ready = JsonNode.Parse(await load.ReadLineAsync(TimeSpan.FromMinutes(3)))!;
            if ((int?)ready["ready"] is not { } watching || watching == 0)
            {
                throw new InvalidOperationException($"no viewer got a frame from {engine.Name}: {ready.ToJsonString()}");
            }
        }

        // Let the last handshakes settle before measuring.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var before = ProcessCpu.Seconds(engine.Pids);
        var janusBefore = ProcessCpu.Seconds([engine.JanusPid]);
        var loadBefore = ProcessCpu.Seconds(loads.Select(l => l.Id));
        var started = DateTime.UtcNow;
        foreach (var load in loads)
        {
            await load.WriteLineAsync("go");
        }

        await Task.Delay(window);
        var seconds = (DateTime.UtcNow - started).TotalSeconds;
        var engineCores = (ProcessCpu.Seconds(engine.Pids) - before) / seconds;
        var janusCores = (ProcessCpu.Seconds([engine.JanusPid]) - janusBefore) / seconds;
        var loadCores = (ProcessCpu.Seconds(loads.Select(l => l.Id)) - loadBefore) / seconds;
        var reports = new List<JsonNode>();
        foreach (var load in loads)
        {
            reports.Add(JsonNode.Parse(await load.ReadLineAsync(window + TimeSpan.FromMinutes(1)))!);
        }

        var packets = reports.Sum(r => (double)r["packetsPerSecond"]!);
        var lowest = reports.SelectMany(r => r["fps"]!.AsArray().Select(f => (double)f!)).Min();
        var watchingAll = reports.Sum(r => (int)r["watching"]!);
        if (watchingAll < viewers)
        {
            lowest = 0; // a viewer that never got a frame
        }

        return new Figures(viewers, packets, engineCores, janusCores, lowest, loadCores);
    }
    finally
    {
        foreach (var load in loads)
        {
            await load.DisposeAsync();
        }
    }
}

static async Task MakeMediaAsync(string path)
{
    // 30 s of a moving test pattern and a tone, 640x360 at 30 fps, VP8 at a constant 1 Mbit/s with a keyframe every
    // 2 s, Opus at 64 kbit/s: what a browser's camera and microphone send at that bitrate. Looped by the publisher.
    await using var ffmpeg = ChildProcess.Start("ffmpeg", [
        "-hide_banner", "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "30",
        "-c:v", "libvpx", "-b:v", "1M", "-minrate", "1M", "-maxrate", "1M", "-g", "60", "-deadline", "realtime", "-cpu-used", "8",
        "-c:a", "libopus", "-b:a", "64k", "-ac", "2", "-f", "webm", path, "-progress", "pipe:1"]);
    while (await ffmpeg.ReadLineAsync(TimeSpan.FromMinutes(2)) is var line && line != "progress=end")
    {
    }
}

void Row(int viewers, string what, double pod, double hand, string format) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {viewers} | {what} | {pod.ToString(format, CultureInfo.InvariantCulture)} | {hand.ToString(format, CultureInfo.InvariantCulture)} | {(hand == 0 ? "" : (pod / hand).ToString("F2", CultureInfo.InvariantCulture) + "×")} |"));

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}
