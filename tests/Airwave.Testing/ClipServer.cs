using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Airwave.Testing;

/// <summary>
/// Serves one video file on loopback, as a website would, for Mux or a transcode Job to fetch a URL source from; held,
/// it answers only once the test releases it, as a slow site would (a Job still fetching).
/// </summary>
public sealed class ClipServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ClipServer(WebApplication app) => _app = app;

    public Uri ClipUrl { get; private set; } = null!;

    /// <summary>Done once the file was asked for.</summary>
    public Task Requested => _requested.Task;

    public static async Task<ClipServer> StartAsync(string file, bool held = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new ClipServer(app);
        if (!held)
        {
            server.Release();
        }

        app.MapGet("/media/clip.mp4", async (CancellationToken aborted) =>
        {
            server._requested.TrySetResult();
            await server._released.Task.WaitAsync(aborted);
            return Results.File(file, "video/mp4");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.ClipUrl = new Uri($"{address}/media/clip.mp4");
        return server;
    }

    /// <summary>Lets a held server answer.</summary>
    public void Release() => _released.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
