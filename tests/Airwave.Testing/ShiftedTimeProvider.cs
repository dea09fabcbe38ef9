namespace Airwave.Testing;

/// <summary>
/// The real clock, moved ahead when the test says so: time goes on flowing and timers run in real time, but what the
/// clock reads jumps, as a deadline passing would look to whoever reads it.
/// </summary>
public sealed class ShiftedTimeProvider : TimeProvider
{
    private long _shiftTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _shiftTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _shiftTicks, by.Ticks);
}
