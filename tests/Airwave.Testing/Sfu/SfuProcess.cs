using System.Globalization;
using System.Net.NetworkInformation;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Aws;
using Airwave.Sfu.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Airwave.Testing.Sfu;

/// <summary>An SFU pod's process run in the test, with the machine's janus, on ports of its own (on 127.0.0.1 unless told).</summary>
public sealed class SfuProcess : IAsyncDisposable
{
    private readonly string _folder;

    private SfuProcess(WebApplication app, RecordedLogs logs, string folder, string address, int apiPort, int enginePort, int managementPort, int adminPort)
    {
        App = app;
        Logs = logs;
        _folder = folder;
        Api = new HttpClient { BaseAddress = new Uri($"http://{address}:{apiPort.ToString(CultureInfo.InvariantCulture)}/") };
        Engine = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{enginePort.ToString(CultureInfo.InvariantCulture)}/janus/") };
        Management = new HttpClient { BaseAddress = new Uri($"http://{address}:{managementPort.ToString(CultureInfo.InvariantCulture)}/") };
        AdminPort = adminPort;
        ApiPort = apiPort;
        EnginePort = enginePort;
    }

    public WebApplication App { get; }

    /// <summary>What the process logged.</summary>
    public RecordedLogs Logs { get; }

    /// <summary>The pod's API (WHIP and WHEP), as the signaling service calls it.</summary>
    public HttpClient Api { get; }

    /// <summary>The engine's Janus API, on loopback only.</summary>
    public HttpClient Engine { get; }

    public HttpClient Management { get; }

    public int AdminPort { get; }

    public int ApiPort { get; }

    public int EnginePort { get; }

    /// <summary>
    /// Builds the process from the settings (section Sfu, plus SFU_ROOM_ADMIN_KEY) and starts it; <paramref name="services"/>
    /// registers what stands in for the cluster (the stream's other pods, say).
    /// </summary>
    public static async Task<SfuProcess> StartAsync(IDictionary<string, string?> settings, string address = "127.0.0.1", Action<IServiceCollection>? services = null)
    {
        var folder = Directory.CreateTempSubdirectory("airwave-sfu-tests-").FullName;
        var at = System.Net.IPAddress.Parse(address);
        // A stream's pods share their API port, as in a cluster: a test of several pods gives theirs.
        var api = settings.TryGetValue("Sfu:ApiPort", out var given) && given is not null ? int.Parse(given, CultureInfo.InvariantCulture) : LoopbackPorts.Reserve(at);
        var (engine, management, admin) = (LoopbackPorts.Reserve(), LoopbackPorts.Reserve(at), LoopbackPorts.Reserve());
        var logs = new RecordedLogs();
        var app = SfuHost.Build(configure: builder =>
        {
            builder.Logging.AddProvider(logs);
            services?.Invoke(builder.Services);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Sfu:BindAddress"] = address,
                ["Sfu:ApiPort"] = api.ToString(CultureInfo.InvariantCulture),
                ["Sfu:EnginePort"] = engine.ToString(CultureInfo.InvariantCulture),
                ["Sfu:ManagementPort"] = management.ToString(CultureInfo.InvariantCulture),
                ["Sfu:AdminPort"] = admin.ToString(CultureInfo.InvariantCulture),
                ["Sfu:ConfigFolder"] = Path.Combine(folder, "janus"),
            }).AddInMemoryCollection(settings.Keys.Any(k => k.StartsWith("Sfu:IceInterfaces", StringComparison.Ordinal)) ? [] : MachineInterfaces())
                .AddInMemoryCollection(settings);
        });
        await app.StartAsync();
        return new SfuProcess(app, logs, folder, address, api, engine, management, admin);
    }

    /// <summary>
    /// The engine's candidates on the machine's own interfaces (Sfu:IceInterfaces), not on the host ends of the browser
    /// tests' veth pairs ("awh"), which come and go while other tests run: a connection whose pair used one lost its
    /// media the moment that test ended.
    /// </summary>
    private static Dictionary<string, string?> MachineInterfaces() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus != OperationalStatus.Down && i.NetworkInterfaceType != NetworkInterfaceType.Loopback
                && !i.Name.StartsWith("awh", StringComparison.Ordinal)
                && i.GetIPProperties().UnicastAddresses.Any(a => a.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork))
            .Select((i, n) => KeyValuePair.Create($"Sfu:IceInterfaces:{n.ToString(CultureInfo.InvariantCulture)}", (string?)i.Name))
            .ToDictionary();

    /// <summary>Waits for /readyz to answer 200.</summary>
    public Task WaitReadyAsync() => Eventually.MatchAsync(
        async () =>
        {
            using var response = await Management.GetAsync(new Uri("readyz", UriKind.Relative));
            return response.IsSuccessStatusCode;
        },
        ready => ready,
        TimeSpan.FromSeconds(30),
        "the SFU process ready");

    /// <summary>A Janus API request; returns the answer.</summary>
    public async Task<JsonObject> JanusAsync(string path, JsonObject request)
    {
        request["transaction"] = Guid.NewGuid().ToString("N");
        using var response = await Engine.PostAsJsonAsync(new Uri(path, UriKind.Relative), request);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Api.Dispose();
        Engine.Dispose();
        Management.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
