using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Client.Errors;
using Airwave.Kubernetes.Hosting;
using Airwave.Kubernetes.Metrics;
using Airwave.Kubernetes.Tests.Client;
using Airwave.Kubernetes.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Airwave.Kubernetes.Tests.Hosting;

public sealed class KubernetesServiceCollectionTests
{
    [Fact]
    public async Task The_registered_client_reports_request_latency_by_verb_and_code_on_the_hosts_meters()
    {
        await using var server = await StubApiServer.StartAsync(c => KubernetesClientTests.Json(c, 404, """{"kind":"Status","reason":"NotFound","code":404}"""));
        await using var provider = new ServiceCollection()
            .AddLogging()
            .AddMetrics()
            .AddKubernetesClient(_ => new k8s.KubernetesClientConfiguration { Host = server.BaseAddress.ToString() })
            .BuildServiceProvider();
        var client = provider.GetRequiredService<KubernetesClient>();
        var metrics = provider.GetRequiredService<KubernetesMetrics>();
        var recorded = new ConcurrentQueue<(string Instrument, string? Verb, string? Code)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter == metrics.Meter)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) =>
        {
            var all = tags.ToArray();
            recorded.Enqueue((instrument.Name, all.FirstOrDefault(t => t.Key == "verb").Value as string, all.FirstOrDefault(t => t.Key == "code").Value as string));
        });
        listener.Start();

        await Assert.ThrowsAsync<NotFoundException>(() => client.GetAsync<TestObject>(TestObject.Type, "default", "w1", CancellationToken.None));

        Assert.Same(client, provider.GetRequiredService<KubernetesClient>());
        Assert.Equal(server.BaseAddress, client.Server);
        Assert.Equal(("airwave_rest_client_request_duration_seconds", "get", "404"), Assert.Single(recorded));
    }
}
