using Airwave.Kubernetes.Controllers;
using Airwave.Operator.Configuration;

namespace Airwave.Operator.LiveStreams;

/// <summary>A stream whose Secret, SFU or connector name is held by an object that is not the stream's.</summary>
public static class NameTaken
{
    /// <summary>How often, at most, such a stream looks again: those objects are not watched.</summary>
    public static readonly TimeSpan Retry = TimeSpan.FromMinutes(1);

    public static ReconcileResult RetryResult(OperatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ReconcileResult.After(Retry < options.ResyncInterval ? Retry : options.ResyncInterval);
    }
}
