using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Airwave.Prometheus.Tests.Hosting;

/// <summary>
/// A minimal-API app on Kestrel at 127.0.0.1 on a free port, serving /metrics the way every Airwave service does,
/// with metrics shaped like the operator's; it notes the Content-Type of every /metrics answer.
/// </summary>
internal sealed class MetricsApp : IAsyncDisposable
{
    private readonly WebApplication app;

    private MetricsApp(WebApplication app, Uri baseAddress, ConcurrentQueue<string> servedContentTypes)
    {
        this.app = app;
        BaseAddress = baseAddress;
        ServedContentTypes = servedContentTypes;
        Domain = new SampleDomainMetrics(app.Services.GetRequiredService<IMetricFactory>());
    }

    public Uri BaseAddress { get; }

    public Uri MetricsUrl => new(BaseAddress, "/metrics");

    public SampleDomainMetrics Domain { get; }

    /// <summary>The Content-Type of each /metrics answer, in order.</summary>
    public IReadOnlyCollection<string> ServedContentTypes { get; }

    public static async Task<MetricsApp> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddPrometheusMetrics();

        var app = builder.Build();
        var served = new ConcurrentQueue<string>();
        app.Use(async (context, next) =>
        {
            await next(context);
            if (context.Request.Path == "/metrics" && context.Response.ContentType is { } type)
            {
                served.Enqueue(type);
            }
        });
        app.MapGet("/", () => "Airwave test service");
        app.MapPrometheusMetrics("/metrics");
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new MetricsApp(app, new Uri(address), served);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
