namespace Airwave.Events.Delivery;

/// <summary>Wakes every delivery loop when an event is published, so delivery does not wait for the next poll.</summary>
public sealed class DeliverySignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Wake"/>; take it before reading the outbox so no publish is missed.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Wake() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
