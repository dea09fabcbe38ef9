using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Airwave.Benchmarking;
using Airwave.Sandbox.Kubernetes;

// View beacons into the webhook service (airwave-webhook, the DLL built beside the benchmark, in a process of its own,
// its per-address and per-view limits raised so that the service, not its limits, is measured). Per round, a fresh
// process: [views] views opened and held open, the growth of its resident memory over them; then [beacons] beacons of
// one event each from 32 concurrent senders, spread over the open views, and the CPU the process used for them.
// Usage: [views] [beacons] [rounds]
// With "start", builds of the service side by side instead (ProgramStarts): the time until /readyz answers (its
// VideoAsset cache synced from the API server), memory and CPU of a new process; a build is a DLL run under dotnet
// or a native program. Usage: start ROUNDS BUILD [BUILD ...]
const int Senders = 32;
const string Origin = "https://bench.example";

var directory = Directory.CreateTempSubdirectory("airwave-webhook-benchmark-");
await using var api = await KubernetesApiServer.StartAsync(new KubernetesApiServerOptions(), CancellationToken.None);
var kubeconfig = api.WriteKubeconfig(Path.Combine(directory.FullName, "kubeconfig"));
ApplyCrds(kubeconfig);
if (args is ["start", var startRounds, .. var builds] && builds.Length > 0)
{
    await ProgramStarts.CompareAsync(builds, int.Parse(startRounds, CultureInfo.InvariantCulture), PrepareStart, directory.FullName);
    directory.Delete(recursive: true);
    return;
}

var views = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var beacons = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50_000;
var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;

Console.WriteLine($"{views} open views, {beacons} one-event beacons from {Senders} senders, {rounds} rounds, on {Environment.ProcessorCount} cores");
var results = new List<Round>();
for (var round = 0; round < rounds; round++)
{
    results.Add(await RunAsync());
    var last = results[^1];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round + 1}: resident {last.ResidentMb:F1} MB with the views open ({last.BytesPerView:F0} bytes per view), {last.EventsPerSecond:F0} events/s, {last.EventsPerCoreSecond:F0} events per CPU-second"));
}

Console.WriteLine();
Console.WriteLine("| | median | target |");
Console.WriteLine("|---|---|---|");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| resident memory with {views:N0} views open | {Median(results.Select(r => r.ResidentMb)):F1} MB | under 200 MB |"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| memory per open view | {Median(results.Select(r => r.BytesPerView)) / 1024:F2} KiB | |"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| beacon events per second of one core | {Median(results.Select(r => r.EventsPerCoreSecond)):N0} | at least 5,000 |"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| beacon events per second (wall, client on the same machine) | {Median(results.Select(r => r.EventsPerSecond)):N0} | |"));
directory.Delete(recursive: true);

async Task<Round> RunAsync()
{
    var (publicPort, managementPort) = (Ports.Free(), Ports.Free());
    var (server, _) = await ServerProcess.StartAsync(
        "dotnet",
        [Path.Combine(AppContext.BaseDirectory, "airwave-webhook.dll")],
        new Dictionary<string, string>(ServiceEnvironment(publicPort, managementPort))
        {
            ["AIRWAVE_Webhook__Views__ExternalOrigins__0"] = Origin,
            ["AIRWAVE_Webhook__Views__OpensPerAddressPerMinute"] = "100000000",
            ["AIRWAVE_Webhook__Views__BeaconsPerViewPerSecond"] = "1000000",
            ["AIRWAVE_Webhook__Views__MaxOpenViews"] = (views * 2).ToString(CultureInfo.InvariantCulture),
            ["AIRWAVE_Webhook__Views__IdleTimeout"] = "01:00:00",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        },
        line => line.Contains("Application started", StringComparison.Ordinal),
        directory.FullName);
    using (server)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Senders }) { BaseAddress = new Uri($"http://127.0.0.1:{publicPort.ToString(CultureInfo.InvariantCulture)}") };

        // A few views first, so the memory counted is the views', not the service's first requests'.
        var warm = await OpenAsync(http, 200);
        await SendAsync(http, warm, 2_000);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var before = server.ResidentBytes();
        var open = await OpenAsync(http, views);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var after = server.ResidentBytes();

        var cpu = server.CpuTime();
        var clock = Stopwatch.StartNew();
        await SendAsync(http, open, beacons);
        var elapsed = clock.Elapsed;
        var used = server.CpuTime() - cpu;
        return new Round(after / 1e6, (after - before) / (double)views, beacons / elapsed.TotalSeconds, beacons / used.TotalSeconds);
    }
}

(IReadOnlyDictionary<string, string>, Uri) PrepareStart()
{
    var (publicPort, managementPort) = (Ports.Free(), Ports.Free());
    return (ServiceEnvironment(publicPort, managementPort), new Uri($"http://127.0.0.1:{managementPort.ToString(CultureInfo.InvariantCulture)}/readyz"));
}

// The service against the local API server, on loopback ports, logging warnings and worse.
Dictionary<string, string> ServiceEnvironment(int publicPort, int managementPort) => new()
{
    ["AIRWAVE_Kubernetes__Kubeconfig"] = kubeconfig,
    ["VIDEO_WEBHOOK_SECRET"] = "benchmark-secret",
    ["AIRWAVE_Webhook__BindAddress"] = "127.0.0.1",
    ["AIRWAVE_Webhook__CallbackPort"] = publicPort.ToString(CultureInfo.InvariantCulture),
    ["AIRWAVE_Webhook__ManagementPort"] = managementPort.ToString(CultureInfo.InvariantCulture),
    ["Logging__LogLevel__Default"] = "Warning",
};

async Task<string[]> OpenAsync(HttpClient http, int count)
{
    var ids = new string[count];
    await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = Senders }, async (i, cancellationToken) =>
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/views")
        {
            Content = new StringContent($$"""{"url": "https://cdn.example.net/live/{{i % 100}}/index.m3u8"}""", Encoding.UTF8, "text/plain"),
        };
        request.Headers.Add("Origin", Origin);
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        ids[i] = (string)JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!["viewId"]!;
    });
    return ids;
}

async Task SendAsync(HttpClient http, string[] ids, int count)
{
    var body = Encoding.UTF8.GetBytes("""{"type": "heartbeat", "t": 1000}""");
    await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = Senders }, async (i, cancellationToken) =>
    {
        using var content = new ByteArrayContent(body);
        using var response = await http.PostAsync($"/v1/views/{ids[i % ids.Length]}/events", content, cancellationToken);
        if (response.StatusCode != HttpStatusCode.NoContent)
        {
            throw new InvalidOperationException($"a beacon was answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    });
}

// The service's VideoAsset cache lists VideoAssets, so the API server needs the kinds the chart installs.
static void ApplyCrds(string kubeconfig)
{
    var crds = Path.Combine(FindRepository(), "crds");
    using var kubectl = Process.Start(new ProcessStartInfo("kubectl", ["--kubeconfig", kubeconfig, "apply", "-f", crds]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
    var errors = kubectl.StandardError.ReadToEnd();
    kubectl.WaitForExit();
    if (kubectl.ExitCode != 0)
    {
        throw new InvalidOperationException($"kubectl apply -f {crds} failed: {errors}");
    }
}

static string FindRepository()
{
    for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
    {
        if (File.Exists(Path.Combine(folder.FullName, "Operator.sln")))
        {
            return folder.FullName;
        }
    }

    throw new InvalidOperationException("run the benchmark from inside the repository");
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

internal sealed record Round(double ResidentMb, double BytesPerView, double EventsPerSecond, double EventsPerCoreSecond);
