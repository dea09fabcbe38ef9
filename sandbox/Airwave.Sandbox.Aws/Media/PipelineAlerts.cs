using Airwave.Sandbox.Aws.MediaLive;

namespace Airwave.Sandbox.Aws.Media;

/// <summary>How one pipeline of a running MediaLive channel raises and clears the channel's alerts (ListAlerts).</summary>
internal sealed class PipelineAlerts(MediaLiveStore store, string channelId, int pipeline)
{
    public void Set(string alertType, string message) => store.SetAlert(channelId, pipeline, alertType, message);

    public void Clear(string alertType) => store.ClearAlert(channelId, pipeline, alertType);
}
