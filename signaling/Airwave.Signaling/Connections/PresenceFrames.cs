using Airwave.Signaling.Broadcasts;
using Airwave.Signaling.Configuration;
using Airwave.Signaling.Protocol;
using Airwave.Signaling.Routing;

namespace Airwave.Signaling.Connections;

/// <summary>A page following users' presence: whether each is broadcasting now, and a presence frame when that changes.</summary>
public sealed class PresenceFrames(BroadcastStore broadcasts, ConnectionRegistry registry, SessionSettings settings)
{
    public async Task SubscribeAsync(Connection connection, ClientMessage message)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(message);
        if (message.Strings("users") is not { Count: > 0 and <= 100 } users)
        {
            connection.Refuse(ErrorCodes.BadMessage, "subscribe needs users: a list of 1 to 100 user ids", message);
            return;
        }

        // Each subscription is a routing entry held while the socket lives: a page watches its friends, not everyone.
        var added = users.Distinct().Select(user => Target.Presence(connection.Site.Id, user)).Where(target => !connection.Targets.ContainsKey(target)).ToList();
        var held = connection.Targets.Keys.Count(target => target.Kind == TargetKind.Presence);
        if (held + added.Count > settings.MaxSubscriptions)
        {
            connection.Refuse(ErrorCodes.TooManySubscriptions, $"a connection follows at most {settings.MaxSubscriptions} users' presence; it follows {held}, and this frame adds {added.Count}", message);
            return;
        }

        foreach (var target in added)
        {
            connection.Hold(target, registry);
        }

        var live = (await broadcasts.ListLiveAsync(connection.Site.Id, users, CancellationToken.None)).Select(s => s.UserId).ToHashSet();
        foreach (var user in users.Distinct())
        {
            connection.Send(ServerMessage.Create("presence", ("user", user), ("live", live.Contains(user))));
        }
    }
}
