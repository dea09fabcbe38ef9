using System.Diagnostics;
using Airwave.Aws.MediaLive;

namespace Airwave.Sandbox.Aws.Media;

/// <summary>
/// A pull input's source, fetched as MediaLive fetches it while the channel runs: ffmpeg reads the URL at its own pace
/// and pushes it, as it is, to the pipeline's ffmpeg on its private port. A live source (HLS, RTMP) is fetched again
/// whenever it ends or cannot be reached, as MediaLive keeps trying; a file (MP4) once to its end.
/// </summary>
internal sealed class InputPull : IAsyncDisposable
{
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PipelineRetry = TimeSpan.FromMilliseconds(100);

    private readonly PullPlan _pull;
    private readonly string _target;
    private readonly PipelineAlerts _alerts;
    private readonly VideoPresence? _video;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    /// <param name="target">The pipeline's ffmpeg, listening for an RTMP push.</param>
    /// <param name="alerts">Where a source that cannot be read is reported, as MediaLive's channel alerts report it.</param>
    /// <param name="video">Told when a read of the source starts bringing media, and when it ends.</param>
    public InputPull(PullPlan pull, string target, PipelineAlerts alerts, VideoPresence? video)
    {
        _pull = pull;
        _target = target;
        _alerts = alerts;
        _video = video;
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
            var errors = ffmpeg.StandardError.ReadToEndAsync();

            // ffmpeg's progress reports come only once it reads the source: the source is reachable again.
            var reading = false;
            while (await ffmpeg.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("progress=", StringComparison.Ordinal))
                {
                    _alerts.Clear(ChannelAlertTypes.InputResourceUnavailable);
                    if (!reading)
                    {
                        reading = true;
                        _video?.Arrived();
                    }
                }
            }

            await ffmpeg.WaitForExitAsync();
            if (reading)
            {
                _video?.Left();
            }

            var said = await errors;
            var error = LastLine(said);
            if (_pull.Once && ffmpeg.ExitCode == 0)
            {
                return;
            }

            // ffmpeg opens its input first: a refusal naming the pipeline means the source was read, and the
            // pipeline's ffmpeg was between two pushes (listening again takes it a moment). MediaLive's own
            // pipeline is always there, so that is no alert, only a prompt retry.
            var pipelineBusy = said.Contains(_target + ": ", StringComparison.Ordinal);
            if (ffmpeg.ExitCode != 0 && !pipelineBusy && !_stop.IsCancellationRequested)
            {
                _alerts.Set(ChannelAlertTypes.InputResourceUnavailable, $"Unable to open input {_pull.Url}: {error ?? $"ffmpeg exited with code {ffmpeg.ExitCode}"}");
            }

            try
            {
                await Task.Delay(pipelineBusy ? PipelineRetry : Retry, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>What ffmpeg said last, without the URL it names first (the message names it already).</summary>
    private string? LastLine(string errors)
    {
        var last = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return last is not null && last.StartsWith(_pull.Url + ": ", StringComparison.Ordinal) ? last[(_pull.Url.Length + 2)..] : last;
    }

    private List<string> Arguments() =>
    [
        "-hide_banner", "-loglevel", "error", "-nostdin", "-nostats", "-progress", "pipe:1",
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
