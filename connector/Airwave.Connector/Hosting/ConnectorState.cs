namespace Airwave.Connector.Hosting;

/// <summary>Where the connector is: joining, pushing media (what readiness reports), or failed with a reason.</summary>
public sealed class ConnectorState(TimeProvider time)
{
    // Media that stopped coming for this long no longer counts as flowing.
    private static readonly TimeSpan Stalled = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private long _frames;
    private DateTimeOffset _framesAt;

    /// <summary>Set once the connector failed: why (the meeting could not be joined, ended, or the push failed).</summary>
    public string? Failure { get; private set; }

    /// <summary>The exit code the process ends with: 1 after a failure, 0 otherwise.</summary>
    public int ExitCode => Failure is null ? 0 : 1;

    /// <summary>The video frames pushed so far.</summary>
    public long FramesPushed
    {
        get
        {
            lock (_lock)
            {
                return _frames;
            }
        }
    }

    /// <summary>Whether media flows: frames were pushed, the last of them within the last ten seconds.</summary>
    public bool IsFlowing
    {
        get
        {
            lock (_lock)
            {
                return Failure is null && _frames > 0 && time.GetUtcNow() - _framesAt < Stalled;
            }
        }
    }

    /// <summary>What the push reports it has sent; true the first time frames are seen.</summary>
    public bool Pushed(long frames)
    {
        lock (_lock)
        {
            if (frames <= _frames)
            {
                return false;
            }

            var first = _frames == 0;
            (_frames, _framesAt) = (frames, time.GetUtcNow());
            return first;
        }
    }

    public void Fail(string reason)
    {
        lock (_lock)
        {
            Failure ??= reason;
        }
    }
}
