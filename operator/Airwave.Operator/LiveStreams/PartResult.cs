using Airwave.Kubernetes.Controllers;

namespace Airwave.Operator.LiveStreams;

/// <summary>
/// What a part's pass asks of the rest: to look at the stream again within <see cref="Within"/> (the pass comes back
/// at the soonest any part asked for), or to end the pass at once with <see cref="Halt"/>.
/// </summary>
public readonly record struct PartResult(TimeSpan? Within, ReconcileResult? Halt)
{
    /// <summary>Nothing to wait for: the next resync is soon enough.</summary>
    public static PartResult Done => default;

    public static PartResult LookAgainWithin(TimeSpan delay) => new(delay, null);

    /// <summary>The parts after this one do not run, and the stream is looked at again as <paramref name="result"/> says.</summary>
    public static PartResult Stop(ReconcileResult result) => new(null, result);
}
