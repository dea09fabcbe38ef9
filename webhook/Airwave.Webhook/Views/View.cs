using Airwave.Events.Payloads;

namespace Airwave.Webhook.Views;

/// <summary>
/// One open view and what its player reported so far, accounted as Mux Data accounts a view: watch time runs from the
/// first play to the end, less time paused; startup is the first play to the first frame; a rebuffer is a stall while
/// playing (not while starting or seeking); a quality change is a rendition switch after the first. Thread-safe.
/// </summary>
public sealed class View(string id, ViewTarget target, string sessionId, string? userAgent, string? ipAddress, DateTimeOffset openedAt)
{
    /// <summary>How far ahead of the service's clock a player's clock may run before its times are held back.</summary>
    private const double ClockSlackMs = 2000;

    private readonly Lock _lock = new();
    private PlayerState _state = PlayerState.Idle;
    private double _stateSince;
    private double _lastT;
    private double? _playRequestedAt;
    private double? _startupMs;
    private double _watchMs;
    private double _rebufferMs;
    private int _rebuffers;
    private int _qualityChanges;
    private int _interactions;
    private int _errors;
    private string? _lastError;
    private Rendition? _rendition;
    private IReadOnlyDictionary<string, object>? _cmcd;
    private DateTimeOffset? _lastSeen;
    private long _beaconWindow;
    private int _beaconsInWindow;

    private enum PlayerState
    {
        Idle,
        Starting,
        Playing,
        Paused,
        Buffering,
        Seeking,
        Ended,
    }

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
        ArgumentNullException.ThrowIfNull(events);
        lock (_lock)
        {
            _lastSeen = now;
            var latest = (now - openedAt).TotalMilliseconds + ClockSlackMs;
            foreach (var e in events)
            {
                if (_state == PlayerState.Ended)
                {
                    break;
                }

                var t = Math.Clamp(e.T ?? _lastT, _lastT, Math.Max(_lastT, latest));
                Accumulate(t);
                Transition(e, t);
            }

            return _state == PlayerState.Ended;
        }
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
        lock (_lock)
        {
            var watchRatio = target.ContentSeconds is > 0 and var seconds ? _watchMs / (seconds * 1000) : _lastT > 0 ? _watchMs / _lastT : 0;
            return new StreamPerformance
            {
                ViewId = id,
                SessionId = sessionId,
                ViewDuration = Math.Round(_watchMs / 1000, 3),
                BufferingEvents = _rebuffers,
                BufferingDuration = Math.Round(_rebufferMs / 1000, 3),
                QualityChanges = _qualityChanges,
                UserEngagement = UserEngagement.From(watchRatio, _interactions),
                StartupTimeMs = _startupMs is { } startup ? Math.Round(startup) : null,
                RebufferRatio = _watchMs > 0 ? Math.Round(_rebufferMs / _watchMs, 4) : 0,
                Errors = _errors,
                LastError = _lastError,
                EndReason = endReason,
                UserAgent = userAgent,
                IpAddress = ipAddress,
                Cmcd = _cmcd,
            };
        }
    }

    /// <summary>Counts the time since the last event into the state the player was in.</summary>
    private void Accumulate(double t)
    {
        var elapsed = t - _stateSince;
        if (_state is PlayerState.Starting or PlayerState.Playing or PlayerState.Buffering or PlayerState.Seeking)
        {
            _watchMs += elapsed;
        }

        if (_state == PlayerState.Buffering)
        {
            _rebufferMs += elapsed;
        }

        _stateSince = t;
        _lastT = t;
    }

    private void Transition(BeaconEvent e, double t)
    {
        switch (e.Type)
        {
            case BeaconEventTypes.Play when _state is PlayerState.Idle:
                _playRequestedAt = t;
                _state = PlayerState.Starting;
                break;
            case BeaconEventTypes.Play when _state is PlayerState.Paused:
                _state = PlayerState.Playing;
                break;
            case BeaconEventTypes.Playing:
                // A player that autoplays may report its first frame without a play: its startup counts from the open.
                _startupMs ??= t - (_playRequestedAt ?? 0);
                _state = PlayerState.Playing;
                break;
            case BeaconEventTypes.Pause when _state is not PlayerState.Idle:
                _interactions++;
                _state = PlayerState.Paused;
                break;
            case BeaconEventTypes.Seek:
                _interactions++;
                if (_state is PlayerState.Playing or PlayerState.Buffering)
                {
                    _state = PlayerState.Seeking;
                }

                break;
            case BeaconEventTypes.BufferingStart when _state is PlayerState.Playing:
                _rebuffers++;
                _state = PlayerState.Buffering;
                break;
            case BeaconEventTypes.BufferingEnd when _state is PlayerState.Buffering or PlayerState.Seeking:
                _state = PlayerState.Playing;
                break;
            case BeaconEventTypes.QualityChange when e.Rendition is { } rendition:
                if (_rendition is not null && _rendition != rendition)
                {
                    _qualityChanges++;
                }

                _interactions += e.Manual == true ? 1 : 0;
                _rendition = rendition;
                break;
            case BeaconEventTypes.Error:
                _errors++;
                _lastError = Describe(e);
                break;
            case BeaconEventTypes.End:
                _state = PlayerState.Ended;
                break;
        }
    }

    private static string Describe(BeaconEvent e)
    {
        var text = string.Join(": ", new[] { e.Code, e.Message }.Where(s => !string.IsNullOrWhiteSpace(s)));
        return text.Length > 200 ? text[..200] : text.Length > 0 ? text : "error";
    }
}
