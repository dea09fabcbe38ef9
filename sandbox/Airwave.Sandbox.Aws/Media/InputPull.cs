using System.Diagnostics;

namespace Airwave.Sandbox.Aws.Media;

/// <summary>
/// A pull input's source, fetched as MediaLive fetches it while the channel runs: ffmpeg reads the URL at its own pace
/// and pushes it, as it is, to the pipeline's ffmpeg on its private port. A live source (HLS, RTMP) is fetched again
/// whenever it ends or cannot be reached, as MediaLive keeps trying; a file (MP4) once to its end.
/// </summary>
internal sealed class InputPull : IAsyncDisposable
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(1);

    private readonly PullPlan _pull;
    private readonly string _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    /// <param name="target">The pipeline's ffmpeg, listening for an RTMP push.</param>
    public InputPull(PullPlan pull, string target)
    {
        _pull = pull;
        _target = target;
        _run = Task.Run(RunAsync);
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            using var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg", Arguments())
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            }) ?? throw new InvalidOperationException("ffmpeg did not start");
            using var stopping = _stop.Token.Register(() => ProcessSignal.Send(ffmpeg, "TERM"));
            await Task.WhenAll(ffmpeg.StandardOutput.ReadToEndAsync(), ffmpeg.StandardError.ReadToEndAsync(), ffmpeg.WaitForExitAsync());
            if (_pull.Once && ffmpeg.ExitCode == 0)
            {
                return;
            }

            try
            {
                await Task.Delay(Retry, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private List<string> Arguments() =>
    [
        "-hide_banner", "-loglevel", "error", "-nostdin",
        "-re", "-i", _pull.Url,
        "-map", "0:v:0?", "-map", "0:a:0?", "-c", "copy",
        "-f", "flv", _target,
    ];

    public async ValueTask DisposeAsync()
    {
        // Ends a running fetch too (TERM: the push closes as an encoder's that stops).
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
    }
}
