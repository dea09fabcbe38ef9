using Airwave.Connector.Hosting;
using Airwave.Media;
using Microsoft.Extensions.Logging;

namespace Airwave.Connector.Display;

/// <summary>
/// Where the browser plays the meeting's sound and ffmpeg records it from: a PulseAudio server of this connector's
/// own (its socket in a folder of its own, so that connectors sharing a machine do not collide) whose default output
/// is a null sink, "meeting"; ffmpeg reads the sink's monitor.
/// </summary>
public sealed class SoundServer : IAsyncDisposable
{
    /// <summary>The source ffmpeg records: what is played to the meeting sink.</summary>
    public const string Monitor = "meeting.monitor";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly ChildProcess _process;
    private readonly string _folder;

    private SoundServer(ChildProcess process, string folder, string socket)
    {
        _process = process;
        _folder = folder;
        Environment = new Dictionary<string, string> { ["PULSE_SERVER"] = $"unix:{socket}" };
    }

    /// <summary>What a program needs in its environment to play to or record from this server.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    public static async Task<SoundServer> StartAsync(ConnectorSettings settings, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var folder = settings.NewWorkFolder("airwave-sound-");
        var socket = Path.Combine(folder, "pulse.sock");
        var process = ChildProcess.Start(
            settings.PulseAudioPath,
            [
                // No configuration files, no autospawn, no exit when idle: the modules below are all it runs.
                "-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no", "--disallow-exit",
                $"--load=module-native-protocol-unix socket={socket} auth-anonymous=1",
                "--load=module-null-sink sink_name=meeting sink_properties=device.description=meeting",
                "--load=module-always-sink",
            ],
            new ChildProcess.Options("pulseaudio")
            {
                Level = LogLevel.Debug,
                // Its state and cookie in the folder too: a pod's user may have no home.
                Environment = new Dictionary<string, string> { ["HOME"] = folder, ["XDG_RUNTIME_DIR"] = folder, ["PULSE_RUNTIME_PATH"] = folder },
            },
            logger);
        var server = new SoundServer(process, folder, socket);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StartTimeout);
            while (!File.Exists(socket))
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"the sound server (pulseaudio) ended as it started: {process.LastLine}");
                }

                try
                {
                    await Task.Delay(50, timeout.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new InvalidOperationException($"the sound server (pulseaudio) did not start within {StartTimeout.TotalSeconds} s: {process.LastLine}");
                }
            }

            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder; the server may still have written to it as it ended.
        }
    }
}
