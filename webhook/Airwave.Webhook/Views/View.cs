using Airwave.Events.Payloads;
using Airwave.Events.Views;

namespace Airwave.Webhook.Views;

/// <summary>One open view: what is played, who plays it, and what its player reported so far (<see cref="PlaybackAccount"/>). Thread-safe.</summary>
public sealed class View(string id, ViewTarget target, string sessionId, string? userAgent, string? ipAddress, DateTimeOffset openedAt)
{
    private readonly Lock _lock = new();
    private readonly PlaybackAccount _account = new(openedAt);
    private IReadOnlyDictionary<string, object>? _cmcd;
    private DateTimeOffset? _lastSeen;
    private long _beaconWindow;
    private int _beaconsInWindow;

    public string Id => id;

    public ViewTarget Target => target;

    public string SessionId => sessionId;

    public string? UserAgent => userAgent;

    public string? IpAddress => ipAddress;

    /// <summary>When the player last sent anything.</summary>
    public DateTimeOffset LastSeen
    {
        get
        {
            lock (_lock)
            {
                return _lastSeen ?? openedAt;
            }
        }
    }

    /// <summary>Whether one more beacon fits this second's allowance.</summary>
    public bool TryAdmitBeacon(DateTimeOffset now, int perSecond)
    {
        var window = now.ToUnixTimeSeconds();
        lock (_lock)
        {
            if (window != _beaconWindow)
            {
                (_beaconWindow, _beaconsInWindow) = (window, 0);
            }

            return ++_beaconsInWindow <= perSecond;
        }
    }

    /// <summary>Applies the events in order; true when one of them ended the view.</summary>
    public bool Apply(IReadOnlyList<BeaconEvent> events, DateTimeOffset now)
    {
        lock (_lock)
        {
            _lastSeen = now;
        }

        return _account.Apply(events, now);
    }

    /// <summary>Keeps the player's latest Common Media Client Data, and counts the report as a sign of life.</summary>
    public void ApplyCmcd(IReadOnlyDictionary<string, object> cmcd, DateTimeOffset now)
    {
        lock (_lock)
        {
            _lastSeen = now;
            _cmcd = cmcd;
        }
    }

    /// <summary>The view as the integration's <c>stream_performance</c> data.</summary>
    public StreamPerformance Summary(string endReason)
    {
        IReadOnlyDictionary<string, object>? cmcd;
        lock (_lock)
        {
            cmcd = _cmcd;
        }

        return _account.Summary(id, sessionId, endReason, target.ContentSeconds) with { UserAgent = userAgent, IpAddress = ipAddress, Cmcd = cmcd };
    }
}
