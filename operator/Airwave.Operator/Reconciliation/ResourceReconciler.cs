using Airwave.Api.Common;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Client;
using Airwave.Kubernetes.Controllers;
using Airwave.Kubernetes.Events;
using Airwave.Kubernetes.Finalizers;
using Airwave.Kubernetes.Status;
using Airwave.Operator.NamespaceAccess;
using Airwave.Operator.Status;
using Microsoft.Extensions.Logging;

namespace Airwave.Operator.Reconciliation;

/// <summary>
/// The one reconcile of every Airwave kind, as controller-runtime's <c>Reconcile</c> with its finalizer helpers
/// reads: a deleted object is torn down a step per call and then lets go of its finalizer; a live one gets its
/// finalizer before anything is made, its steps run against a <see cref="StatusDraft{TStatus}"/> that observes its
/// generation, and the status is written once at the end, followed by what waited for it
/// (<see cref="StatusDraft{TStatus}.AfterWrite"/>) and by what a new phase reports. A provider's refusal
/// (<see cref="Rejects"/>) becomes the Ready condition and one Warning Event; any other error goes to the Ready
/// condition and back to the runtime, which retries with backoff. Each kind supplies only its steps.
/// </summary>
public abstract partial class ResourceReconciler<T, TSpec, TStatus>(ReconcilerBasics basics, ILogger logger) : IReconciler<T>
    where T : CustomResource<TSpec, TStatus>
    where TSpec : class
    where TStatus : ResourceStatus, new()
{
    /// <summary>The reason of the Ready condition while an error the runtime retries stands.</summary>
    public const string ReconcileError = "ReconcileError";

    protected abstract ResourceType Type { get; }

    /// <summary>The finalizer that keeps the object until <see cref="TeardownAsync"/> has released what it holds.</summary>
    protected abstract string Finalizer { get; }

    protected KubernetesClient Client => basics.Client;

    protected TimeProvider Time => basics.Time;

    public async Task<ReconcileResult> ReconcileAsync(T resource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (resource.Metadata.DeletionTimestamp is not null)
        {
            return await FinalizeAsync(resource, cancellationToken);
        }

        var draft = new StatusDraft<TStatus>(resource, resource.Status, basics.Time.GetUtcNow());
        if (await PreflightAsync(resource, draft, cancellationToken) is { } early)
        {
            await WriteAsync(resource, draft, cancellationToken);
            return early;
        }

        if (await basics.NamespaceAccess.PendingAsync(resource, cancellationToken) is { } waiting)
        {
            draft.Condition(ConditionTypes.Ready, false, NamespaceWriteAccess.PendingReason, waiting);
            await WriteAsync(resource, draft, cancellationToken);
            return ReconcileResult.After(NamespaceWriteAccess.Recheck);
        }

        var isNew = !resource.HasFinalizer(Finalizer);
        var current = await basics.Client.AddFinalizerAsync(Type, resource, Finalizer, cancellationToken);
        if (isNew)
        {
            await FinalizerAddedAsync(current, cancellationToken);
        }

        ReconcileResult result;
        try
        {
            result = await ReconcileStepsAsync(current, draft, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException && Rejects(e) is { } rejection)
        {
            draft.Condition(ConditionTypes.Ready, false, rejection.Reason, rejection.Message);
            Rejected(draft, rejection);
            draft.AfterWrite(async token => await RecordAsync(current, EventType.Warning, rejection.Reason, "Reconcile", rejection.Message, token));
            result = rejection.RetryAfter is { } wait ? ReconcileResult.After(wait) : ReconcileResult.Done;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The error goes to status too, where the user looks; the runtime retries with backoff.
            draft.Condition(ConditionTypes.Ready, false, ReconcileError, e.Message);
            await WriteAsync(current, draft, cancellationToken);
            throw;
        }

        await WriteAsync(current, draft, cancellationToken);
        if (PhaseOf(draft.Status) is var phase && phase != PhaseOf(current.Status))
        {
            LogPhase(logger, typeof(T).Name, current.Metadata.Namespace, current.Metadata.Name, phase);
            await PhaseChangedAsync(current, draft.Status, cancellationToken);
        }

        return result;
    }

    /// <summary>
    /// What stops a reconcile before the object gets its finalizer (a spec this version cannot serve, a refusal that
    /// waits for a change): a result ends it, with whatever the draft says written. Null goes on.
    /// </summary>
    protected virtual Task<ReconcileResult?> PreflightAsync(T resource, StatusDraft<TStatus> draft, CancellationToken cancellationToken) =>
        Task.FromResult<ReconcileResult?>(null);

    /// <summary>The object has just been given its finalizer: it is new to the operator.</summary>
    protected virtual Task FinalizerAddedAsync(T resource, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Makes the world match the spec a step at a time, recording what it finds in the draft.</summary>
    protected abstract Task<ReconcileResult> ReconcileStepsAsync(T resource, StatusDraft<TStatus> draft, CancellationToken cancellationToken);

    /// <summary>The provider's refusals among the errors a step can throw: a request that would be refused again.</summary>
    protected virtual Rejection? Rejects(Exception error) => null;

    /// <summary>What a refusal does to the status beyond the Ready condition (a failed phase).</summary>
    protected virtual void Rejected(StatusDraft<TStatus> draft, Rejection rejection)
    {
    }

    /// <summary>The phase, to tell when it changed; it is logged then, and <see cref="PhaseChangedAsync"/> reports it.</summary>
    protected abstract string? PhaseOf(TStatus? status);

    /// <summary>Events and downstream events for a new phase, once the status that has it is written.</summary>
    protected virtual Task PhaseChangedAsync(T resource, TStatus status, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Releases what the object holds, a step per call: null once nothing is left and the finalizer may go, else
    /// when to look again.
    /// </summary>
    protected abstract Task<TimeSpan?> TeardownAsync(T resource, CancellationToken cancellationToken);

    /// <summary>Writes the status when it changed. A kind whose status holds what cannot be rebuilt writes it more carefully.</summary>
    protected virtual Task<T> WriteStatusAsync(T resource, TStatus status, CancellationToken cancellationToken) =>
        basics.Client.UpdateStatusIfChangedAsync(Type, resource, (T)(resource with { Status = status }), cancellationToken);

    /// <summary>An Event about the object, where `kubectl describe` shows it.</summary>
    protected Task RecordAsync(T resource, string type, string reason, string action, string note, CancellationToken cancellationToken) =>
        basics.Events.RecordAsync(Type, resource, type, reason, action, note, cancellationToken);

    private async Task<ReconcileResult> FinalizeAsync(T resource, CancellationToken cancellationToken)
    {
        if (!resource.HasFinalizer(Finalizer))
        {
            return ReconcileResult.Done;
        }

        if (await TeardownAsync(resource, cancellationToken) is { } wait)
        {
            return ReconcileResult.After(wait);
        }

        await basics.Client.RemoveFinalizerAsync(Type, resource, Finalizer, cancellationToken);
        return ReconcileResult.Done;
    }

    private async Task WriteAsync(T resource, StatusDraft<TStatus> draft, CancellationToken cancellationToken)
    {
        await WriteStatusAsync(resource, draft.Status, cancellationToken);
        await draft.WrittenAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} {Namespace}/{Name} is now {Phase}")]
    private static partial void LogPhase(ILogger logger, string kind, string? @namespace, string? name, string? phase);
}
