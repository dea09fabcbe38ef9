using Airwave.Events.Kubernetes;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Events;
using Airwave.Kubernetes.LeaderElection;
using Airwave.Prometheus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Airwave.Events.Tests.Infrastructure;

/// <summary>
/// What the operator runs of this library, composed the way the operator composes it (AddDownstreamEvents
/// with DOWNSTREAM_SERVICE_* settings), against a sandbox API server. Two hosts on one API server are two
/// operator processes, one after the other or side by side.
/// </summary>
public sealed class EventsHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly List<IHostedService> _started = [];

    /// <param name="follower">Registers a leader elector that never wins, as on a replica that is not the leader.</param>
    /// <param name="requestTimeout">How long the host's client waits for the API server's answer (the client's default when null).</param>
    /// <param name="logs">Where the host's log lines go (nowhere when null).</param>
    public EventsHost(KubernetesSandbox sandbox, IReadOnlyDictionary<string, string?> settings, bool follower = false, TimeSpan? requestTimeout = null, ILoggerProvider? logs = null)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Downstream:PollInterval"] = "00:00:00.300",
                ["Downstream:InitialBackoff"] = "00:00:00.050",
                ["Downstream:MaxBackoff"] = "00:00:00.400",
            })
            .AddInMemoryCollection(settings)
            .Build();
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            if (logs is not null)
            {
                logging.AddProvider(logs);
            }
        });
        services.AddPrometheusMetrics();
        services.AddSingleton(_ => requestTimeout is { } timeout
            ? new KubernetesClient(sandbox.Configuration, new KubernetesClientOptions { RequestTimeout = timeout })
            : new KubernetesClient(sandbox.Configuration));
        services.AddSingleton(sp => new EventRecorder(sp.GetRequiredService<KubernetesClient>(), "airwave-operator", "events-tests"));
        if (follower)
        {
            services.AddSingleton(sp => new LeaderElector(
                sp.GetRequiredService<KubernetesClient>(),
                new LeaderElectionOptions { LeaseName = "airwave-operator", Namespace = sandbox.Client.Namespace, Identity = "follower" }));
        }

        services.AddDownstreamEvents(configuration);
        _services = services.BuildServiceProvider();
    }

    public IEventPublisher Publisher => _services.GetRequiredService<IEventPublisher>();

    /// <summary>What the host's /metrics would answer now.</summary>
    public Task<Scrape> ScrapeAsync() => Scrape.OfAsync(Get<CollectorRegistry>());

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    /// <summary>Starts background delivery.</summary>
    public async Task StartAsync()
    {
        foreach (var service in _services.GetServices<IHostedService>())
        {
            await service.StartAsync(CancellationToken.None);
            _started.Add(service);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _started)
        {
            await service.StopAsync(CancellationToken.None);
        }

        await _services.DisposeAsync();
    }
}
