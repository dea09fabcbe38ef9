using Airwave.Sandbox.Aws.MediaLive;

namespace Airwave.Sandbox.Aws.Media;

/// <summary>How one pipeline of a running MediaLive channel raises and clears the channel's alerts (ListAlerts).</summary>
internal sealed class PipelineAlerts(MediaLiveStore store, string channelId, int pipeline)
{
    // MediaLive names a channel's pipelines "0" and "1".
    private readonly string _pipelineId = pipeline.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public void Set(string alertType, string message) => store.SetAlert(channelId, _pipelineId, alertType, message);

    public void Clear(string alertType) => store.ClearAlert(channelId, _pipelineId, alertType);
}
