using System.Globalization;

namespace Airwave.Sfu.Benchmarks;

/// <summary>
/// Janus as someone would set it up by hand for one broadcaster: the VideoRoom plugin and the HTTP transport, a room
/// (1234) in the plugin's configuration file, everything else at Janus's defaults.
/// </summary>
public sealed class HandJanus : IEngine
{
    private readonly ChildProcess _janus;
    private readonly string _folder;

    private HandJanus(ChildProcess janus, string folder, int port)
    {
        _janus = janus;
        _folder = folder;
        Url = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/janus";
    }

    public string Name => "Janus by hand";

    public string Mode => "janus";

    public string Url { get; }

    public IReadOnlyList<int> Pids => [_janus.Id];

    public int JanusPid => _janus.Id;

    public static async Task<HandJanus> StartAsync(int port, string mediaPorts)
    {
        var folder = Directory.CreateTempSubdirectory("airwave-sfu-bench-janus-").FullName;
        var modules = Directory.EnumerateDirectories("/usr/lib").Select(lib => Path.Combine(lib, "janus")).First(Directory.Exists);
        await File.WriteAllTextAsync(Path.Combine(folder, "janus.jcfg"), $$"""
            general: {
            	configs_folder = "{{folder}}"
            	plugins_folder = "{{modules}}/plugins"
            	transports_folder = "{{modules}}/transports"
            	events_folder = "{{folder}}/none"
            	loggers_folder = "{{folder}}/none"
            }
            media: {
            	rtp_port_range = "{{mediaPorts}}"
            }
            plugins: {
            	disable = "libjanus_audiobridge.so,libjanus_duktape.so,libjanus_echotest.so,libjanus_lua.so,libjanus_nosip.so,libjanus_recordplay.so,libjanus_sip.so,libjanus_streaming.so,libjanus_textroom.so,libjanus_videocall.so,libjanus_voicemail.so"
            }
            transports: {
            	disable = "libjanus_mqtt.so,libjanus_nanomsg.so,libjanus_pfunix.so,libjanus_rabbitmq.so,libjanus_websockets.so"
            }

            """);
        await File.WriteAllTextAsync(Path.Combine(folder, "janus.transport.http.jcfg"), $$"""
            general: {
            	base_path = "/janus"
            	http = true
            	port = {{port}}
            	ip = "127.0.0.1"
            }

            """);
        await File.WriteAllTextAsync(Path.Combine(folder, "janus.plugin.videoroom.jcfg"), """
            room-1234: {
            	description = "one broadcaster"
            	publishers = 1
            	videocodec = "vp8,h264"
            	audiocodec = "opus"
            	fir_freq = 10
            }

            """);
        var janus = ChildProcess.Start("janus", ["-F", folder, "-C", Path.Combine(folder, "janus.jcfg")]);
        var engine = new HandJanus(janus, folder, port);
        using var http = new HttpClient();
        await Waiting.UntilAsync(async () => (await http.GetAsync(new Uri(engine.Url + "/info"))).IsSuccessStatusCode, "Janus's API to answer");
        return engine;
    }

    public async ValueTask DisposeAsync()
    {
        await _janus.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
