using Airwave.Events.Payloads;

namespace Airwave.Events.Views;

/// <summary>
/// What a player reported of one view, accounted as Mux Data accounts a view: watch time runs from the first play to
/// the end, less time paused; startup is the first play to the first frame; a rebuffer is a stall while playing (not
/// while starting or seeking); a quality change is a rendition switch after the first. Every player Airwave takes
/// views from (its HLS player's beacons, the embed script's viewers) is accounted here, so their figures mean the same.
/// Thread-safe.
/// </summary>
public sealed class PlaybackAccount(DateTimeOffset openedAt)
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

    /// <summary>
    /// Applies the events in order; true when one of them ended the view. An event's time (<see cref="BeaconEvent.T"/>,
    /// by the player's clock) is held between the last one's and <paramref name="now"/> (with a little slack), so a
    /// player cannot claim time that has not passed.
    /// </summary>
    public bool Apply(IReadOnlyList<BeaconEvent> events, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(events);
        lock (_lock)
        {
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

    /// <summary>Ends the view at <paramref name="now"/>, so what the player did not report counts up to then; nothing when it has ended.</summary>
    public void EndAt(DateTimeOffset now) => Apply([new BeaconEvent(BeaconEventTypes.End, (now - openedAt).TotalMilliseconds)], now);

    /// <summary>The view as the integration's <c>stream_performance</c> data, without who watched (the caller's to add).</summary>
    /// <param name="contentSeconds">The video's duration, which the watch ratio is taken against; null for a live stream (the time the view was open).</param>
    public StreamPerformance Summary(string viewId, string sessionId, string endReason, double? contentSeconds)
    {
        lock (_lock)
        {
            var watchRatio = contentSeconds is > 0 and var seconds ? _watchMs / (seconds * 1000) : _lastT > 0 ? _watchMs / _lastT : 0;
            return new StreamPerformance
            {
                ViewId = viewId,
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
