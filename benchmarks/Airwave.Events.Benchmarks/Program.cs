using System.Diagnostics;
using System.Globalization;
using Airwave.Events;
using Airwave.Events.Benchmarks;
using Airwave.Events.Kubernetes;
using Airwave.Events.Signing;
using Airwave.Kubernetes.Client;
using Airwave.Events.Payloads;
using Airwave.Sandbox.Kubernetes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Events/second delivered to a receiver on loopback, batching on (100 per request) and off (1 per request), with the
// outbox in the sandbox API server. Each run publishes the events first, then times delivery until the receiver has
// them all and the outbox records them delivered (empty). Usage: [events] [runs]
var events = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000;
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var directory = Directory.CreateTempSubdirectory("airwave-events-benchmark-").FullName;

await using var server = await KubernetesApiServer.StartAsync(new KubernetesApiServerOptions(), CancellationToken.None);
var configuration = KubernetesAccess.Configuration(server.WriteKubeconfig(Path.Combine(directory, "kubeconfig")));
await using var receiver = await CountingReceiver.StartAsync();

var results = new Dictionary<int, List<double>> { [100] = [], [1] = [] };
for (var run = 0; run < runs; run++)
{
    foreach (var batchSize in results.Keys)
    {
        results[batchSize].Add(await DeliverAsync(batchSize, run));
    }
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{events} events from 50 streams per run, {runs} runs, median events/s delivered:"));
Console.WriteLine("batch size   events/s   runs");
foreach (var (batchSize, rates) in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{batchSize,10}   {Median(rates),8:F0}   {string.Join(", ", rates.Select(r => r.ToString("F0", CultureInfo.InvariantCulture)))}"));
}

Directory.Delete(directory, recursive: true);

async Task<double> DeliverAsync(int batchSize, int run)
{
    var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["DOWNSTREAM_SERVICE_ENABLED"] = "true",
        ["DOWNSTREAM_SERVICE_URL"] = receiver.Url.ToString(),
        ["DOWNSTREAM_SERVICE_TOKEN"] = "benchmark",
        ["DOWNSTREAM_SERVICE_SIGNING_SECRET"] = WebhookSecret.Generate(),
        ["DOWNSTREAM_SERVICE_BATCH_SIZE"] = batchSize.ToString(CultureInfo.InvariantCulture),
    }).Build();
    var services = new ServiceCollection().AddLogging().AddSingleton(_ => new KubernetesClient(configuration));
    await using var provider = services.AddDownstreamEvents(settings).BuildServiceProvider();
    var publisher = provider.GetRequiredService<IEventPublisher>();
    for (var i = 0; i < events; i++)
    {
        var stream = new ResourceReference("media.airwave.dev/v1alpha1", "livestreams", "default", $"stream-{i % 50}", $"uid-{i % 50}");
        await publisher.PublishAsync(ResourceEvent.Create(EventTypes.StreamStarted, stream, $"run-{run}-batch-{batchSize}-session-{i}", DateTimeOffset.UtcNow, new StreamingEvent
        {
            EventType = "stream_start",
            Timestamp = DateTimeOffset.UtcNow,
            SessionId = $"session-{i}",
            StreamData = new StreamMetadata { StreamId = stream.Uid, Name = stream.Name, Namespace = stream.Namespace },
        }), CancellationToken.None);
    }

    receiver.Reset();
    var delivery = provider.GetServices<IHostedService>().Single();
    var clock = Stopwatch.StartNew();
    await delivery.StartAsync(CancellationToken.None);
    var deadline = TimeSpan.FromMinutes(5);
    var outbox = provider.GetRequiredService<ConfigMapOutbox>();
    while (clock.Elapsed < deadline && (receiver.Events < events || (await outbox.ReadAsync(CancellationToken.None)).Any(shard => shard.Count > 0)))
    {
        await Task.Delay(20);
    }

    var elapsed = clock.Elapsed;
    await delivery.StopAsync(CancellationToken.None);
    if (receiver.Events < events)
    {
        throw new InvalidOperationException($"only {receiver.Events} of {events} events arrived within {deadline}");
    }

    return events / elapsed.TotalSeconds;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}
