using System.Globalization;
using Airwave.Connector.Browser;
using Airwave.Connector.Meeting;
using Airwave.Connector.Display;
using Airwave.Connector.Hosting;
using Airwave.Media;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Airwave.Connector;

/// <summary>
/// The connector's one job: opens the meeting page full screen in Chromium on a virtual display (Xvfb) that plays to
/// a sound server of its own (PulseAudio), and pushes the display and the sound over RTMP(S) through ffmpeg, until it
/// is stopped (SIGTERM: ffmpeg closes the stream as an encoder that stops does; exit code 0) or it fails — the
/// meeting page does not load, no media flows within the join timeout, the meeting ends (the page says so, leaves,
/// or crashes), the browser or the push ends — which is logged in one line and ends the process with exit code 1,
/// so that the pod restarts and its status shows why.
/// </summary>
public sealed partial class MeetingConnector(
    ConnectorSettings settings,
    Uri meeting,
    IReadOnlyList<Uri> push,
    ConnectorState state,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<MeetingConnector> logger) : BackgroundService
{
    private string Target => string.Join(" and ", push.Select(RtmpTranscoder.WithoutKey));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await ConnectAsync(stoppingToken);
        }
        catch (Exception e) when (e is MeetingException or DevToolsException or InvalidOperationException)
        {
            Fail($"the meeting cannot be joined: {e.Message}");
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            Fail($"the meeting was not joined within {settings.JoinTimeout.TotalSeconds} s");
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            // Whatever else went wrong ends the pod with a failure too, rather than a clean exit that hides it.
            Fail($"{e.GetType().Name}: {e.Message}");
        }
        finally
        {
            if (state.Failure is not null)
            {
                lifetime.StopApplication();
            }
        }
    }

    private async Task ConnectAsync(CancellationToken stoppingToken)
    {
        // The page's address without its query, which may hold a join token.
        var page = meeting.GetLeftPart(UriPartial.Path);
        LogJoining(logger, page);
        using var joining = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        joining.CancelAfter(settings.JoinTimeout);
        await using var display = await VirtualDisplay.StartAsync(settings, logger, joining.Token);
        await using var sound = await SoundServer.StartAsync(settings, logger, joining.Token);
        await using var chromium = await Chromium.StartAsync(settings, display.Name, sound.Environment, logger, joining.Token);
        await using var devTools = await DevTools.ConnectAsync(chromium.DevToolsEndpoint, joining.Token);
        var tab = await MeetingTab.OpenAsync(devTools, meeting, joining.Token);
        await using var transcoder = RtmpTranscoder.Start(
            settings.FfmpegPath,
            [
                "-f", "x11grab", "-framerate", settings.FrameRate.ToString(CultureInfo.InvariantCulture),
                "-video_size", string.Create(CultureInfo.InvariantCulture, $"{settings.Width}x{settings.Height}"), "-draw_mouse", "0",
                "-thread_queue_size", "512", "-i", display.Name,
                "-f", "pulse", "-thread_queue_size", "512", "-i", SoundServer.Monitor,
                "-map", "0:v:0", "-map", "1:a:0",
            ],
            push,
            logger,
            sound.Environment);
        try
        {
            await PushAsync(chromium, devTools, tab, transcoder, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped while looking at the page or the push: the same clean stop as between looks.
        }
        finally
        {
            if (stoppingToken.IsCancellationRequested && state.Failure is null)
            {
                LogStopping(logger, Target, transcoder.FramesSent);
            }

            // Stopped or failed, the stream is closed as an encoder that stops closes it, and no ffmpeg is left behind.
            await transcoder.StopAsync(CancellationToken.None);
        }
    }

    private async Task PushAsync(Chromium chromium, DevTools devTools, MeetingTab tab, RtmpTranscoder transcoder, CancellationToken stoppingToken)
    {
        LogCapturing(logger, Target);
        var joinedBy = time.GetUtcNow() + settings.JoinTimeout;
        var exited = transcoder.WaitForExitAsync(stoppingToken);
        // One wait for the browser's next event at a time, kept across the once-a-second looks: a meeting page sends
        // few events, and a new wait each second would pile up for hours.
        var next = devTools.Events.WaitToReadAsync(stoppingToken).AsTask();
        var lag = new PushLag();
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.WhenAny(next, exited, Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken));
            stoppingToken.ThrowIfCancellationRequested();

            if (transcoder.HasExited)
            {
                Fail($"the push to {Target} ended (ffmpeg exit code {transcoder.ExitCode}): {await transcoder.LastWordsAsync(stoppingToken)}");
                return;
            }

            while (devTools.Events.TryRead(out var e))
            {
                if (Ended(e, tab) is { } reason)
                {
                    Fail($"the meeting ended: {reason}");
                    return;
                }
            }

            if (next is { IsCompletedSuccessfully: true, Result: false })
            {
                Fail($"the browser ended: {chromium.LastLine}");
                return;
            }

            if (next.IsCompleted)
            {
                next = devTools.Events.WaitToReadAsync(stoppingToken).AsTask();
            }

            if (await tab.HasEndedAsync(settings.EndedSelector, stoppingToken))
            {
                Fail("the meeting ended: the page says so");
                return;
            }

            if (state.Pushed(transcoder.FramesSent))
            {
                LogFlowing(logger, Target);
            }
            else if (state.FramesPushed == 0 && time.GetUtcNow() > joinedBy)
            {
                Fail($"no media was pushed within {settings.JoinTimeout.TotalSeconds} s of joining the meeting: {transcoder.LastLine}");
                return;
            }

            if (lag.Changed(time.GetUtcNow(), transcoder.MediaSent))
            {
                SayLag(lag);
            }
        }
    }

    private void SayLag(PushLag lag)
    {
        if (lag.IsBehind)
        {
            LogBehind(logger, Target, lag.Lag!.Value.TotalSeconds);
        }
        else
        {
            LogCaughtUp(logger, Target);
        }
    }

    /// <summary>Why the browser's event means the meeting is over, when it does.</summary>
    private static string? Ended(DevToolsEvent e, MeetingTab tab) => e.SessionId != tab.SessionId ? null : e.Method switch
    {
        "Page.frameNavigated" when (string?)e.Parameters["frame"]?["id"] == tab.FrameId => $"the page went to {(string?)e.Parameters["frame"]?["url"]}",
        "Inspector.targetCrashed" => "the meeting page crashed",
        _ => null,
    };

    private void Fail(string reason)
    {
        state.Fail(reason);
        LogFailed(logger, reason);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Joining the meeting at {Meeting}")]
    private static partial void LogJoining(ILogger logger, string meeting);

    [LoggerMessage(Level = LogLevel.Information, Message = "The meeting page is open; pushing its picture and sound to {Target}")]
    private static partial void LogCapturing(ILogger logger, string target);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected: the meeting's media flows to {Target}")]
    private static partial void LogFlowing(ILogger logger, string target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The push to {Target} runs {Seconds:0} s behind the meeting: its encoder gets too little CPU to keep up, and viewers see a growing delay until it does; give the connector more CPU (the chart's connector.resources.cpuRequest)")]
    private static partial void LogBehind(ILogger logger, string target, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "The push to {Target} has caught up with the meeting")]
    private static partial void LogCaughtUp(ILogger logger, string target);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: closing the stream to {Target} after {Frames} frames")]
    private static partial void LogStopping(ILogger logger, string target, long frames);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Connector failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
