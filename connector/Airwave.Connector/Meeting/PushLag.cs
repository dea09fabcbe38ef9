namespace Airwave.Connector.Meeting;

/// <summary>
/// How far the push runs behind the meeting: the wall time since the first media was sent, less the media time sent
/// since. An encoder short of CPU falls behind without failing, and the delay viewers see grows with it; this says
/// when it passes <see cref="Behind"/> and when it is back under <see cref="CaughtUp"/>.
/// </summary>
public sealed class PushLag
{
    public static readonly TimeSpan Behind = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan CaughtUp = TimeSpan.FromSeconds(2);

    private DateTimeOffset? _origin;

    /// <summary>Whether the last look found the push behind.</summary>
    public bool IsBehind { get; private set; }

    /// <summary>The lag now, once media was sent; null before.</summary>
    public TimeSpan? Lag { get; private set; }

    /// <summary>Takes the media time sent by <paramref name="now"/>; true when the push fell behind or caught up since the last look.</summary>
    public bool Changed(DateTimeOffset now, TimeSpan mediaSent)
    {
        if (mediaSent <= TimeSpan.Zero)
        {
            return false;
        }

        _origin ??= now - mediaSent;
        var lag = now - _origin.Value - mediaSent;
        Lag = lag;
        var behind = IsBehind ? lag >= CaughtUp : lag > Behind;
        var changed = behind != IsBehind;
        IsBehind = behind;
        return changed;
    }
}
