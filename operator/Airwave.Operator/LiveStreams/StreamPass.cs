using Airwave.Api.Common;
using Airwave.Api.LiveStreams;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Kubernetes.Conditions;
using Airwave.Kubernetes.Events;
using Airwave.Operator.LiveStreams.Memory;
using Airwave.Operator.LiveStreams.Pipeline;
using Airwave.Operator.LiveStreams.Resources;
using Airwave.Operator.Resources;
using Airwave.Operator.Status;

namespace Airwave.Operator.LiveStreams;

/// <summary>
/// One reconcile of a stream, as its parts share it: the stream, its identity in AWS, the status being drafted, the
/// row of <see cref="StreamLayouts"/> it follows, its AWS resources as this pass reads them (<see cref="Resources"/>),
/// and what the parts before found (<see cref="Pipeline"/>). The Events and downstream events a part reports go
/// through here, so that each reads the same.
/// </summary>
public sealed class StreamPass(LiveStream stream, StreamIdentity identity, StatusDraft<LiveStreamStatus> draft, StreamLayout layout, StreamReporter reporter, ResourceMemory memory)
{
    public LiveStream Stream { get; } = stream;

    public StreamIdentity Identity { get; } = identity;

    public StatusDraft<LiveStreamStatus> Draft { get; } = draft;

    public StreamLayout Layout { get; } = layout;

    /// <summary>The stream's AWS resources, read through what earlier passes found.</summary>
    public PassResources Resources { get; } = memory.Open(stream, identity, RotationOf(stream, layout), draft.Now);

    /// <summary>What the parts of the MediaLive pipeline found, for the parts after them.</summary>
    public ChannelPipeline Pipeline { get; } = new();

    /// <summary>What this pass made in AWS, told in one Event when it ends.</summary>
    public CreatedResources Created { get; } = new();

    public DateTimeOffset Now => Draft.Now;

    /// <summary>The occurrence of a transition that happens once per generation of the spec.</summary>
    public string Generation => LiveStreamEvents.GenerationOf(Stream);

    /// <summary>The value of the key-rotation annotation, when the stream has a key of MediaLive's to rotate (a pulled one has none).</summary>
    public string? RotationAsked => RotationOf(Stream, Layout);

    /// <summary>
    /// Whether the spec changed since the stream was last reconciled, or a change of it still waits to be applied
    /// (UpdatePending): a resource that differs from a spec that did neither was changed outside Airwave.
    /// </summary>
    public bool SpecChanged =>
        Stream.Status?.ObservedGeneration != Stream.Metadata.Generation
        || ConditionList.Find(Stream.Status?.Conditions, LiveStreamConditions.UpdatePending) is { Status: ConditionStatus.True };

    /// <summary>An Event about the stream, where `kubectl describe` shows it.</summary>
    public Task RecordAsync(string type, string reason, string action, string note, CancellationToken cancellationToken) =>
        reporter.RecordAsync(Stream, type, reason, action, note, cancellationToken);

    /// <summary>Publishes a downstream event once the status it describes is written (see <see cref="StatusDraft{TStatus}.AfterWrite"/>).</summary>
    public void Announce(string type, string occurrence, string? sessionId) => reporter.Announce(Stream, Draft, type, occurrence, sessionId);

    /// <summary>The stream cannot go on as it is: Failed, and Ready says why.</summary>
    public void Fail(string reason, string message)
    {
        Draft.Update(s => s with { Phase = LiveStreamPhase.Failed });
        Draft.Condition(ConditionTypes.Ready, false, reason, message);
    }

    /// <summary>On the way to where the spec asks: the phase, and Ready False saying what it waits for.</summary>
    public void Transition(LiveStreamPhase phase, string reason, string message)
    {
        Draft.Update(s => s with { Phase = phase });
        Draft.Condition(ConditionTypes.Ready, false, reason, message);
    }

    /// <summary>A resource this pass made: told in the pass's Event, or at once when it replaces one deleted outside Airwave.</summary>
    public async Task CreatedAsync(string what, string id, bool replacedMissing, CancellationToken cancellationToken)
    {
        if (replacedMissing)
        {
            await RecordAsync(EventType.Warning, "Recreated", "Create", $"The {what} was deleted outside Airwave; created {id} in its place", cancellationToken);
        }
        else
        {
            Created.Add(what, id);
        }
    }

    /// <summary>
    /// One resource of the stream, read by the id status keeps or else by the stream's tags, made from the plan when
    /// there is none, and brought to the plan when its own fields differ: the spec's change applied, or a change made
    /// outside Airwave set back and said.
    /// </summary>
    public async Task<T> EnsureAsync<T, TPlan>(ManagedResource<T, TPlan> resource, string? knownId, TPlan plan, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(resource);
        var manager = resource.Manager;
        var found = await manager.ReadOneAsync(knownId, Identity, cancellationToken);
        if (found.Resource is not { } current)
        {
            var made = await manager.CreateAsync(plan, Identity, found.WentMissing ? knownId : null, cancellationToken);
            await CreatedAsync(resource.What, resource.IdOf(made), found.WentMissing, cancellationToken);
            return made;
        }

        if (manager.Delta(current, plan, SpecChanged) is not { NeedsUpdate: true } delta)
        {
            return current;
        }

        var updated = await manager.UpdateAsync(current, plan, cancellationToken);
        await ReportUpdateAsync($"{resource.What} {resource.IdOf(updated)}", delta, resource.UpdatedNote(updated, delta), cancellationToken);
        return updated;
    }

    /// <summary>
    /// Says an update made in place as what it was: the spec's change applied (<paramref name="updated"/>), or a change
    /// made outside Airwave set back, naming the fields it had changed.
    /// </summary>
    public Task ReportUpdateAsync(string what, ResourceDelta delta, string updated, CancellationToken cancellationToken) =>
        delta.IsDrift
            ? RecordDriftRevertedAsync(what, delta.Describe(), cancellationToken)
            : RecordAsync(EventType.Normal, "Updated", "Update", updated, cancellationToken);

    /// <summary>The value of the key-rotation annotation, when the stream has a key of MediaLive's to rotate (a pulled one has none).</summary>
    private static string? RotationOf(LiveStream stream, StreamLayout layout) =>
        layout.Ingest is not (MediaIngest.None or MediaIngest.Pulled)
        && stream.Metadata.Annotations?.GetValueOrDefault(IngestSecret.RotateAnnotation) is { Length: > 0 } value
            ? value
            : null;

    public Task RecordDriftRevertedAsync(string what, string fields, CancellationToken cancellationToken) =>
        RecordAsync(EventType.Warning, "DriftReverted", "Update", $"The {what} was changed outside Airwave ({fields}); it is set back to the spec's settings", cancellationToken);
}
