using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Airwave.Events.Benchmarks;

/// <summary>A receiver on 127.0.0.1 that accepts every request and counts the CloudEvents in it.</summary>
public sealed class CountingReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _events;

    private CountingReceiver(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public long Events => Interlocked.Read(ref _events);

    public static async Task<CountingReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new CountingReceiver(app);
        app.MapPost("/events", async (HttpContext context) =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            Interlocked.Add(ref receiver._events, body.RootElement.ValueKind == JsonValueKind.Array ? body.RootElement.GetArrayLength() : 1);
            return Results.NoContent();
        });
        await app.StartAsync();
        receiver.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/events");
        return receiver;
    }

    public void Reset() => Interlocked.Exchange(ref _events, 0);

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
