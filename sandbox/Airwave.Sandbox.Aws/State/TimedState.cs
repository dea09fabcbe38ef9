namespace Airwave.Sandbox.Aws.State;

/// <summary>
/// A resource state that moves on by itself: <see cref="Begin"/> enters a transitional state that becomes
/// the next one once the delay has passed. Time is only looked at when the resource is read, so no timers run.
/// </summary>
internal sealed class TimedState<TState>(TState initial)
    where TState : struct, Enum
{
    private (TState Next, DateTimeOffset At)? _pending;

    public TState Current { get; private set; } = initial;

    /// <summary>The state a pending transition leads to; null when none is pending.</summary>
    public TState? Next => _pending?.Next;

    public void Begin(TState transitional, TState next, DateTimeOffset at)
    {
        Current = transitional;
        _pending = (next, at);
    }

    /// <summary>Jumps to a state at once, dropping any pending transition.</summary>
    public void Set(TState state)
    {
        Current = state;
        _pending = null;
    }

    /// <summary>Completes a due transition; true when the state changed.</summary>
    public bool Advance(DateTimeOffset now)
    {
        if (_pending is not { } pending || now < pending.At)
        {
            return false;
        }
        Current = pending.Next;
        _pending = null;
        return true;
    }
}
