using System.Diagnostics;
using System.Globalization;
using Airwave.Sandbox.Kubernetes;
using Airwave.Sandbox.Kubernetes.Benchmarks;

// Figures for the sandbox API server's performance targets (1,000 creates/s, 10,000 watch events/s), measured
// over HTTP on loopback with the client in the same process. Usage: [objects] [watchers] [parallel writers]
var objects = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5_000;
var watchers = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
var writers = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 8;

await using var server = await KubernetesApiServer.StartAsync(new KubernetesApiServerOptions { WatchHistorySize = objects + 100 }, CancellationToken.None);
using var load = new ConfigMapLoad(server.BaseAddress);
var watches = await load.StartWatchesAsync(watchers, objects);

var clock = Stopwatch.StartNew();
await load.CreateAsync(objects, writers);
var creating = clock.Elapsed;
await Task.WhenAll(watches);
var delivering = clock.Elapsed;

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"creates:      {objects} in {creating.TotalSeconds:F2} s = {objects / creating.TotalSeconds:F0}/s ({writers} parallel writers)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"watch events: {objects * watchers} in {delivering.TotalSeconds:F2} s = {objects * watchers / delivering.TotalSeconds:F0}/s ({watchers} watchers)"));
