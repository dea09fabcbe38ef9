using System.Globalization;
using Airwave.Sandbox.Aws;

namespace Airwave.Connector.Tests;

/// <summary>An RTMP server that records what is pushed to it: ffmpeg listening on a loopback port, writing FLV.</summary>
public sealed class RtmpReceiver : IAsyncDisposable
{
    private readonly RunningProcess _process;

    private RtmpReceiver(RunningProcess process, string url, string file)
    {
        _process = process;
        Url = url;
        File = file;
    }

    /// <summary>Where to push: rtmp://127.0.0.1:port/live/key.</summary>
    public string Url { get; }

    /// <summary>The recording, complete once the push ended (<see cref="WaitForEndAsync"/>).</summary>
    public string File { get; }

    public static RtmpReceiver Start(string folder, string key)
    {
        var url = $"rtmp://127.0.0.1:{LoopbackPorts.Reserve().ToString(CultureInfo.InvariantCulture)}/live/{key}";
        var file = Path.Combine(folder, $"received-{Guid.NewGuid():N}.flv");
        var process = RunningProcess.Start("ffmpeg", ["-hide_banner", "-loglevel", "error", "-nostats", "-progress", "pipe:1", "-listen", "1", "-i", url, "-c", "copy", "-f", "flv", file]);
        return new RtmpReceiver(process, url, file);
    }

    /// <summary>
    /// Waits until the recording holds <paramref name="media"/> of the stream, as the receiver's progress reports it
    /// (twice a second): how long a push ran in media time, which falls behind wall time when the pusher is short of CPU.
    /// </summary>
    public async Task WaitForMediaAsync(TimeSpan media, TimeSpan timeout)
    {
        await _process.ReadUntilAsync(
            line => line.StartsWith("out_time_us=", StringComparison.Ordinal)
                && long.TryParse(line.AsSpan("out_time_us=".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var microseconds)
                && TimeSpan.FromMicroseconds(microseconds) >= media,
            timeout);
    }

    /// <summary>Waits for the push to end (the receiver ends with it); returns its exit code.</summary>
    public Task<int> WaitForEndAsync(TimeSpan timeout) => _process.WaitForExitAsync(timeout);

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
