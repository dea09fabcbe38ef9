using Airwave.Sandbox.Aws.MediaLive;

namespace Airwave.Sandbox.Aws.Media;

/// <summary>How one pipeline of a running MediaLive channel raises and clears the channel's alerts (ListAlerts).</summary>
internal sealed class PipelineAlerts(MediaLiveStore store, string channelId, int pipeline)
{
    /// <summary>
    /// MediaLive's alert (ID 5008 in its user guide's channel alerts) when the channel cannot read a resource its input
    /// names: a pull input's source that cannot be reached or answers with an error.
    /// </summary>
    public const string InputResourceUnavailable = "Unable to Access Input Resource";

    public void Set(string alertType, string message) => store.SetAlert(channelId, pipeline, alertType, message);

    public void Clear(string alertType) => store.ClearAlert(channelId, pipeline, alertType);
}
