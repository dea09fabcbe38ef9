using Airwave.Signaling.Broadcasts;

namespace Airwave.Signaling.SiteApi;

/// <summary>A broadcast as the site API shows it; <see cref="Viewers"/> only when one broadcast is asked for.</summary>
public sealed record BroadcastView(
    string Id,
    string User,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    string? EndReason,
    bool Live,
    bool Connected,
    double BroadcastSeconds,
    IReadOnlyList<ViewerView>? Viewers)
{
    public static BroadcastView Of(BroadcastSession session, IReadOnlyList<ViewerRequest>? requests)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new(
            session.Id,
            session.UserId,
            session.StartedAt,
            session.EndedAt,
            session.EndReason,
            session.EndedAt is null,
            session.EndedAt is null && session.DisconnectedAt is null,
            session.BroadcastTime.TotalSeconds,
            requests?.Select(r => new ViewerView(r.Id, r.ViewerUserId, r.RequestedAt, r.Decision, r.EndedAt)).ToList());
    }
}

/// <summary>A viewer's request to watch: <see cref="Decision"/> is accepted, refused, or null while the broadcaster has not decided.</summary>
public sealed record ViewerView(string Request, string User, DateTimeOffset RequestedAt, string? Decision, DateTimeOffset? EndedAt);

/// <summary>Broadcast time between two UTC days (inclusive).</summary>
public sealed record TimeReport(string From, string To, IReadOnlyList<TimeOnDay> Days, double TotalSeconds);

public sealed record TimeOnDay(string User, string Day, double Seconds);
