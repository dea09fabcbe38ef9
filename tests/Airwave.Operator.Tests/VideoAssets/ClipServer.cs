using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Airwave.Operator.Tests.VideoAssets;

/// <summary>Serves one video file on loopback, as a website would, for Mux to fetch a URL source from.</summary>
internal sealed class ClipServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ClipServer(WebApplication app, Uri clipUrl)
    {
        _app = app;
        ClipUrl = clipUrl;
    }

    public Uri ClipUrl { get; }

    public static async Task<ClipServer> StartAsync(string file)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/media/clip.mp4", () => Results.File(file, "video/mp4"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new ClipServer(app, new Uri($"{address}/media/clip.mp4"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
