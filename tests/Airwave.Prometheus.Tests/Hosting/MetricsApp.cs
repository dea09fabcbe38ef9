using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Airwave.Prometheus.Tests.Hosting;

/// <summary>A minimal-API app on Kestrel at 127.0.0.1 on a free port, serving /metrics the way every Airwave service does.</summary>
internal sealed class MetricsApp : IAsyncDisposable
{
    private readonly WebApplication app;

    private MetricsApp(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public Uri MetricsUrl => new(BaseAddress, "/metrics");

    public static async Task<MetricsApp> StartAsync(Action<PrometheusExporterOptions> configure, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddPrometheusExporter(configure);

        var app = builder.Build();
        app.MapGet("/", () => "Airwave test service");
        app.MapPrometheusMetrics("/metrics");
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new MetricsApp(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
