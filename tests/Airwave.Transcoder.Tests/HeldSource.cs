using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Airwave.Transcoder.Tests;

/// <summary>Serves one video on loopback, holding the answer until the test lets it go: a Job that is still fetching.</summary>
internal sealed class HeldSource : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HeldSource(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    /// <summary>Done once the source was asked for.</summary>
    public Task Requested => _requested.Task;

    public static async Task<HeldSource> StartAsync(string file)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var held = new HeldSource(app);
        app.MapGet("/source.mp4", async (CancellationToken aborted) =>
        {
            held._requested.TrySetResult();
            await held._released.Task.WaitAsync(aborted);
            return Results.File(file, "video/mp4");
        });
        await app.StartAsync();
        held.Url = $"{app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First()}/source.mp4";
        return held;
    }

    public void Release() => _released.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
