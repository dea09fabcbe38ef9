using System.Globalization;

namespace Airwave.Sfu.Benchmarks;

/// <summary>
/// Airwave's SFU pod as the operator runs it (airwave-sfu, which configures and supervises janus), on loopback: its
/// CPU is the pod's program and its engine together.
/// </summary>
public sealed class SfuPod : IEngine
{
    public const string PublishKey = "publish-key-for-the-benchmark";

    private readonly ChildProcess _pod;
    private readonly string _folder;

    private SfuPod(ChildProcess pod, string folder, int apiPort, int janus)
    {
        _pod = pod;
        _folder = folder;
        Url = $"http://127.0.0.1:{apiPort.ToString(CultureInfo.InvariantCulture)}";
        Pids = [pod.Id, janus];
        JanusPid = janus;
    }

    public string Name => "SFU pod";

    public string Mode => "whip";

    public string Url { get; }

    public IReadOnlyList<int> Pids { get; }

    public int JanusPid { get; }

    public static async Task<SfuPod> StartAsync(Func<int> port, string mediaPorts)
    {
        var folder = Directory.CreateTempSubdirectory("airwave-sfu-bench-pod-").FullName;
        var (api, management) = (port(), port());
        var pod = ChildProcess.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "airwave-sfu.dll")], new Dictionary<string, string>
        {
            ["AIRWAVE_Sfu__BindAddress"] = "127.0.0.1",
            ["AIRWAVE_Sfu__ApiPort"] = api.ToString(CultureInfo.InvariantCulture),
            ["AIRWAVE_Sfu__ManagementPort"] = management.ToString(CultureInfo.InvariantCulture),
            ["AIRWAVE_Sfu__EnginePort"] = port().ToString(CultureInfo.InvariantCulture),
            ["AIRWAVE_Sfu__AdminPort"] = port().ToString(CultureInfo.InvariantCulture),
            ["AIRWAVE_Sfu__ConfigFolder"] = folder,
            ["AIRWAVE_Sfu__MediaPorts"] = mediaPorts,
            ["SFU_PUBLISH_KEY"] = PublishKey,
            ["SFU_ROOM_ADMIN_KEY"] = "room-admin-key-for-the-benchmark",
        });
        using var http = new HttpClient();
        var ready = new Uri($"http://127.0.0.1:{management.ToString(CultureInfo.InvariantCulture)}/readyz");
        await Waiting.UntilAsync(async () => pod.HasExited ? throw new InvalidOperationException("airwave-sfu ended") : (await http.GetAsync(ready)).IsSuccessStatusCode, "the SFU pod to be ready");
        return new SfuPod(pod, folder, api, ProcessCpu.Children(pod.Id, "janus").Single());
    }

    public async ValueTask DisposeAsync()
    {
        await _pod.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
