using Airwave.Aws.MediaLive;

namespace Airwave.Sandbox.Aws.Media;

/// <summary>
/// A MediaLive pipeline's "Video Not Detected" alert (5201) as the service raises it from what reaches the pipeline:
/// set from the pipeline's start until media arrives, cleared while a push or a pull brings some, set again when the
/// last one ends. Operators read it to tell a channel that runs (and is billed) with nothing to encode.
/// </summary>
internal sealed class VideoPresence
{
    private readonly Lock _lock = new();
    private readonly PipelineAlerts _alerts;
    private int _sources;

    public VideoPresence(PipelineAlerts alerts)
    {
        _alerts = alerts;
        _alerts.Set(ChannelAlertTypes.VideoNotDetected, "No video detected: the input has received nothing since the channel started.");
    }

    /// <summary>A push was accepted, or a pull reads its source.</summary>
    public void Arrived()
    {
        lock (_lock)
        {
            if (++_sources == 1)
            {
                _alerts.Clear(ChannelAlertTypes.VideoNotDetected);
            }
        }
    }

    /// <summary>A push or a pull that <see cref="Arrived"/> ended.</summary>
    public void Left()
    {
        lock (_lock)
        {
            if (--_sources == 0)
            {
                _alerts.Set(ChannelAlertTypes.VideoNotDetected, "No video detected: the input's media stopped.");
            }
        }
    }
}
