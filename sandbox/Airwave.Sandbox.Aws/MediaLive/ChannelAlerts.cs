using Airwave.Aws.MediaLive;
using Airwave.Sandbox.Aws.State;

namespace Airwave.Sandbox.Aws.MediaLive;

/// <summary>
/// A channel's alerts as MediaLive keeps them: one alert instance per type and pipeline is SET while the problem
/// lasts (its message updated with the latest detail) and CLEARED when it ends; a later recurrence is a new instance.
/// Not thread-safe: the store calls it under its lock.
/// </summary>
internal sealed class ChannelAlerts
{
    private readonly List<ChannelAlert> _alerts = [];

    public void Set(string pipelineId, string alertType, string message, DateTimeOffset now)
    {
        var index = _alerts.FindIndex(a => a.State == ChannelAlertState.Set && a.PipelineId == pipelineId && a.AlertType == alertType);
        if (index >= 0)
        {
            _alerts[index] = _alerts[index] with { Message = message };
            return;
        }

        _alerts.Add(new ChannelAlert(alertType, null, ResourceIds.AlertId(), message, pipelineId, now, ChannelAlertState.Set));
    }

    /// <summary>Clears the SET alerts of a pipeline and type; every SET alert when both are null (the channel stopped).</summary>
    public void Clear(string? pipelineId, string? alertType, DateTimeOffset now)
    {
        for (var i = 0; i < _alerts.Count; i++)
        {
            var alert = _alerts[i];
            if (alert.State == ChannelAlertState.Set && (pipelineId is null || alert.PipelineId == pipelineId) && (alertType is null || alert.AlertType == alertType))
            {
                _alerts[i] = alert with { State = ChannelAlertState.Cleared, ClearedTimestamp = now };
            }
        }
    }

    /// <summary>The alerts in a state (null: all), newest first.</summary>
    public IReadOnlyList<ChannelAlert> List(ChannelAlertState? state) =>
        [.. _alerts.Where(a => state is null || a.State == state).OrderByDescending(a => a.SetTimestamp)];
}
