using Airwave.Api.Common;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Conditions;

namespace Airwave.Operator.Status;

/// <summary>
/// The status under construction during one reconcile: it starts from the stored status, observes the resource's
/// generation, and is written once at the end (unchanged, it is not written at all).
/// </summary>
public sealed class StatusDraft<TStatus>(KubernetesObject resource, TStatus? stored, DateTimeOffset now)
    where TStatus : ResourceStatus, new()
{
    private readonly long? _generation = resource.Metadata.Generation;
    private readonly List<Func<CancellationToken, ValueTask>> _afterWrite = [];

    // The record's `with` clones through its runtime type, so the copy is still a TStatus.
    public TStatus Status { get; private set; } = (TStatus)((stored ?? new TStatus()) with { ObservedGeneration = resource.Metadata.Generation });

    /// <summary>The reconcile's time, to the second, as Kubernetes stores times.</summary>
    public DateTimeOffset Now { get; } = new(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    public void Update(Func<TStatus, TStatus> change) => Status = change(Status);

    /// <summary>
    /// Something to do once this status is written, never before: an announcement naming what the status records
    /// (a session id) must not go out for a status that was never stored.
    /// </summary>
    public void AfterWrite(Func<CancellationToken, ValueTask> effect) => _afterWrite.Add(effect);

    /// <summary>Runs what <see cref="AfterWrite"/> put off, in order; the caller has written the status.</summary>
    public async Task WrittenAsync(CancellationToken cancellationToken)
    {
        foreach (var effect in _afterWrite)
        {
            await effect(cancellationToken);
        }

        _afterWrite.Clear();
    }

    public void Condition(string type, bool isTrue, string reason, string message) =>
        Condition(type, isTrue ? ConditionStatus.True : ConditionStatus.False, reason, message);

    /// <summary>A condition the operator cannot vouch for either way is Unknown, its message saying why.</summary>
    public void Condition(string type, ConditionStatus status, string reason, string message) =>
        Status = (TStatus)(Status with
        {
            Conditions = ConditionList.Set(Status.Conditions, type, status, reason, message, _generation, Now),
        });
}
