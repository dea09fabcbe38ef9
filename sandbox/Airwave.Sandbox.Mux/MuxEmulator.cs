using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Airwave.Sandbox.Mux;

/// <summary>
/// The parts of the Mux API the operator uses (video uploads, assets, playback ids, signing keys) and the direct
/// upload URLs, on one loopback port: point Mux's SDKs or the Airwave client at <see cref="BaseAddress"/> with <see cref="MuxEmulatorOptions.TokenId"/>
/// and <see cref="MuxEmulatorOptions.TokenSecret"/>.
/// </summary>
public sealed class MuxEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly MuxStore _store;
    private readonly WebhookSender _webhooks;

    private MuxEmulator(WebApplication app, MuxStore store, WebhookSender webhooks, Uri baseAddress, MuxEmulatorOptions options)
    {
        _app = app;
        _store = store;
        _webhooks = webhooks;
        BaseAddress = baseAddress;
        Options = options;
    }

    public Uri BaseAddress { get; }

    public MuxEmulatorOptions Options { get; }

    /// <summary>Failures and lost responses for the next API calls.</summary>
    public MuxFaultInjector Faults { get; private init; } = null!;

    /// <summary>The emulator's stream.mux.com, as a playback URL template ({playback_id} stands for the playback id).</summary>
    public static string PlaybackUrlTemplate(Uri baseAddress) => $"{baseAddress}stream/{{playback_id}}.m3u8";

    /// <summary>The emulator's image.mux.com, as a thumbnail URL template.</summary>
    public static string ThumbnailUrlTemplate(Uri baseAddress) => $"{baseAddress}image/{{playback_id}}/thumbnail.png";

    /// <summary>How many assets the account holds.</summary>
    public int AssetCount => _store.AssetCount;

    public static async Task<MuxEmulator> StartAsync(MuxEmulatorOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        var app = builder.Build();
        var faults = new MuxFaultInjector();
        app.Use(faults.InvokeAsync);
        var webhooks = new WebhookSender(options.WebhookUrls, options.WebhookSecret, options.Time);
        var store = new MuxStore(options.Time, options.MediaDirectory, webhooks);
        Uri? address = null;
        MuxEndpoints.Map(app, store, options, () => address!);
        DirectUploadEndpoints.Map(app, store);
        PlaybackEndpoints.Map(app, store, options.Time);
        await app.StartAsync(ct);
        address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First() + "/");
        return new MuxEmulator(app, store, webhooks, address, options) { Faults = faults };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _webhooks.DisposeAsync();
        _store.Dispose();
        if (Directory.Exists(Options.MediaDirectory))
        {
            Directory.Delete(Options.MediaDirectory, recursive: true);
        }
    }
}
