using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text;
using Airwave.Api.LiveStreams;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Serialization;
using Airwave.Operator.Benchmarks;
using Airwave.Operator.Kubernetes;
using Airwave.Sandbox;

// Many LiveStreams applied at once, with AWS state changes instantaneous: how long until every one runs, what the
// settled streams' resyncs cost (each with an idle limit, so the check whether its input has video runs too), what
// `kubectl get -o wide` shows of their cost, how long until every one is gone again, and how many AWS calls each step
// cost per stream, after a warm-up of a few streams. Usage: [streams] (default 200)
// Or: failover [rounds of each kind] (default 3) [the operator's .dll or executable]: see Failover.
if (args is ["failover", ..])
{
    await Failover.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3, args.Length > 2 ? args[2] : null);
    return;
}

var streams = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;

// Long enough that no stream is resynced before all run (they run within it), short enough to watch two resyncs.
var resyncInterval = TimeSpan.FromSeconds(20);
const int Resyncs = 2;
const int WarmupStreams = 10;
const int MaxWarmupRounds = 16;
const int SettledCompilations = 50;
var directory = Directory.CreateTempSubdirectory("airwave-operator-benchmark-");
try
{
    await using var sandbox = await SandboxHost.StartAsync(
        new SandboxOptions
        {
            KubePort = 0,
            AwsPort = 0,
            OperatorPort = 0,
            KubeconfigPath = Path.Combine(directory.FullName, "sandbox.kubeconfig"),
            AwsTransitionDelay = TimeSpan.Zero,
            OperatorPollInterval = TimeSpan.FromMilliseconds(100),
            OperatorResyncInterval = resyncInterval,
        },
        CancellationToken.None);
    using var client = new KubernetesClient(
        KubernetesAccess.Configuration(sandbox.KubeconfigPath),
        new KubernetesClientOptions { Json = KubernetesJson.CreateOptions(Airwave.Api.Common.ApiJsonContext.Default) });
    var calls = sandbox.Aws!.Inventory.Calls;

    // The API server shows every request to an observer, which tallies the operator's.
    var kubernetesRequests = new List<string>();
    using var tally = sandbox.Kubernetes.Faults.Observe(request =>
    {
        if (request.IsFrom(AirwaveResources.ControllerName))
        {
            lock (kubernetesRequests)
            {
                kubernetesRequests.Add(request.VerbAndResource);
            }
        }
    });

    // A few streams applied and deleted first, so that the figures are those of a running operator (and API server
    // and AWS emulator), not of a new process compiling its code. The runtime compiles a method quickly on its first
    // call and again, optimized, once it has been called often, in the background: one round of warm-up leaves most of
    // the hot code at the first tier and its recompilation to fall into the measured steps, so rounds repeat until
    // one compiles almost nothing.
    var warmupManifest = Path.Combine(directory.FullName, "warmup.yaml");
    await File.WriteAllTextAsync(warmupManifest, Streams.Manifests("warmup", WarmupStreams));
    var warmupRounds = 0;
    var warmupStarted = Compilation.Now();
    for (var compiled = long.MaxValue; compiled > SettledCompilations && warmupRounds < MaxWarmupRounds; warmupRounds++)
    {
        var before = Compilation.Now();
        await Streams.KubectlAsync(sandbox.KubeconfigPath, "apply", "-f", warmupManifest);
        await Streams.WaitAsync(client, list => list.Count == WarmupStreams && list.All(s => s.Status?.Phase == LiveStreamPhase.Running), "every warm-up stream Running");
        await Streams.KubectlAsync(sandbox.KubeconfigPath, "delete", "livestreams", "--all", "--wait=false");
        await Streams.WaitAsync(client, list => list.Count == 0, "every warm-up stream deleted");
        await Task.Delay(TimeSpan.FromSeconds(1));
        compiled = Compilation.Now().Since(before).Methods;
    }

    var warmup = Compilation.Now().Since(warmupStarted);

    var manifest = Path.Combine(directory.FullName, "streams.yaml");
    await File.WriteAllTextAsync(manifest, Streams.Manifests("bench", streams));
    var started = Mark();
    var compilingBefore = Compilation.Now();
    var clock = Stopwatch.StartNew();
    await Streams.KubectlAsync(sandbox.KubeconfigPath, "apply", "-f", manifest);
    var applied = clock.Elapsed;
    await Streams.WaitAsync(client, list => list.Count == streams && list.All(s => s.Status?.Phase == LiveStreamPhase.Running), "every stream Running");
    var provisioning = clock.Elapsed;
    var provisioningCompiled = Compilation.Now().Since(compilingBefore);

    // Each stream is resynced ResyncInterval after its last reconcile, so a window of two intervals that starts once
    // all run holds exactly two resyncs of each (when they all ran within the first interval).
    var running = Mark();
    await Task.Delay(resyncInterval * Resyncs);
    var resynced = Mark();
    var table = await Streams.KubectlAsync(sandbox.KubeconfigPath, "get", "livestreams", "-n", "default", "-o", "wide");
    var hourlyRates = CostColumn(table);

    clock.Restart();
    await Streams.KubectlAsync(sandbox.KubeconfigPath, "delete", "livestreams", "--all", "--wait=false");
    await Streams.WaitAsync(client, list => list.Count == 0, "every stream deleted");
    var teardown = clock.Elapsed;
    var deleted = Mark();

    var log = calls.Calls.ToList();
    var phases = new[] { log[started.Aws..running.Aws], log[running.Aws..resynced.Aws], log[resynced.Aws..deleted.Aws] };
    var (provisioningCalls, settled, teardownCalls) = (phases[0].Count, phases[1], phases[2].Count);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"streams:        {streams}, AWS state changes instantaneous"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up:        {warmupRounds} rounds of {WarmupStreams} streams applied and deleted, in which the runtime compiled {warmup.Methods} methods in {warmup.Time.TotalSeconds:F1} s"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"to Running:     {provisioning.TotalSeconds:F1} s ({streams / provisioning.TotalSeconds:F1} streams/s), {provisioningCalls / (double)streams:F1} AWS calls per stream; kubectl apply returned after {applied.TotalSeconds:F1} s; meanwhile the runtime compiled {provisioningCompiled.Methods} methods in {provisioningCompiled.Time.TotalMilliseconds:F0} ms"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"settled:        {settled.Count(c => !c.IsWrite) / (double)(streams * Resyncs):F2} AWS reads and {settled.Count(c => c.IsWrite)} writes per stream per resync ({Resyncs} resyncs {resyncInterval.TotalSeconds:F0} s apart{(provisioning > resyncInterval ? "; some streams ran only after the first interval, so fewer were resynced" : "")})"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cost shown:     COST/H of {hourlyRates.Count} of {streams} streams in `kubectl get livestreams -o wide` (${hourlyRates.Sum():F2} an hour in all), read from their status: no AWS call"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"to deleted:     {teardown.TotalSeconds:F1} s ({streams / teardown.TotalSeconds:F1} streams/s), {teardownCalls / (double)streams:F1} AWS calls per stream"));
    Console.WriteLine($"AWS calls left: {(sandbox.Aws.Inventory.IsEmpty ? "none: every stream's resources are gone" : "some resources remain")}");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"calls per stream by operation: {"",-11} {"to Running",10} {"settled",8} {"to deleted",10}"));
    foreach (var operation in phases.SelectMany(phase => phase).CountBy(c => c.Operation).OrderByDescending(c => c.Value).Select(c => c.Key))
    {
        var perPhase = phases.Select(phase => phase.Count(c => c.Operation == operation) / (double)streams).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {operation,-40} {perPhase[0],10:F2} {perPhase[1],8:F2} {perPhase[2],10:F2}"));
    }

    List<string>[] kubernetesPhases;
    lock (kubernetesRequests)
    {
        kubernetesPhases =
        [
            kubernetesRequests[started.Kubernetes..running.Kubernetes],
            kubernetesRequests[running.Kubernetes..resynced.Kubernetes],
            kubernetesRequests[resynced.Kubernetes..deleted.Kubernetes],
        ];
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Kubernetes requests per stream: {"",-9} {kubernetesPhases[0].Count / (double)streams,10:F2} {kubernetesPhases[1].Count / (double)streams,8:F2} {kubernetesPhases[2].Count / (double)streams,10:F2}"));
    foreach (var request in kubernetesPhases.SelectMany(phase => phase).CountBy(request => request).OrderByDescending(c => c.Value).Select(c => c.Key))
    {
        var perPhase = kubernetesPhases.Select(phase => phase.Count(r => r == request) / (double)streams).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {request,-40} {perPhase[0],10:F2} {perPhase[1],8:F2} {perPhase[2],10:F2}"));
    }

    // Where each log stood: the AWS calls and the Kubernetes requests made so far.
    (int Aws, int Kubernetes) Mark()
    {
        lock (kubernetesRequests)
        {
            return (calls.Calls.Count, kubernetesRequests.Count);
        }
    }
}
finally
{
    directory.Delete(recursive: true);
}

// The COST/H column's amounts, one per stream that shows one; kubectl aligns each column under its header.
static List<decimal> CostColumn(string table)
{
    var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    var at = lines[0].IndexOf("COST/H", StringComparison.Ordinal);
    var amounts = new List<decimal>();
    foreach (var line in lines.Skip(1))
    {
        var cell = at >= 0 && line.Length > at ? line[at..].Split(' ')[0] : "";
        if (decimal.TryParse(cell, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            amounts.Add(amount);
        }
    }

    return amounts;
}

/// <summary>How much the runtime's JIT compiler has done so far in this process.</summary>
internal readonly record struct Compilation(long Methods, TimeSpan Time)
{
    public static Compilation Now() => new(JitInfo.GetCompiledMethodCount(), JitInfo.GetCompilationTime());

    public Compilation Since(Compilation earlier) => new(Methods - earlier.Methods, Time - earlier.Time);
}
