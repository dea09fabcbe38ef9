using Airwave.Api.LiveStreams;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Conditions;

namespace Airwave.Operator.LiveStreams.Pipeline;

/// <summary>Why the session that ends now ended, from the condition that stopped it, if one did.</summary>
public static class StopReasons
{
    public static SessionStopReason Of(LiveStreamStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (ConditionList.Find(status.Conditions, LiveStreamConditions.IdleStopped) is { Status: ConditionStatus.True })
        {
            return SessionStopReason.Idle;
        }

        return ConditionList.Find(status.Conditions, LiveStreamConditions.QuotaExceeded) is { Status: ConditionStatus.True, Reason: LiveStreamConditions.StoppedAtSpendLimit }
            ? SessionStopReason.QuotaExceeded
            : SessionStopReason.Requested;
    }
}
