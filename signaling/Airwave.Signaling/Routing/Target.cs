namespace Airwave.Signaling.Routing;

/// <summary>Who a frame is for, wherever that connection is: a session's broadcaster, a request's viewer, or a user's presence watchers.</summary>
public sealed record Target(TargetKind Kind, string Key)
{
    public static Target Session(string sessionId) => new(TargetKind.Session, sessionId);

    public static Target Request(string requestId) => new(TargetKind.Request, requestId);

    public static Target Presence(string siteId, string userId) => new(TargetKind.Presence, $"{siteId}/{userId}");
}

public enum TargetKind
{
    /// <summary>The connection of the session's broadcaster.</summary>
    Session,

    /// <summary>The connection of the request's viewer.</summary>
    Request,

    /// <summary>Every connection that subscribed to the user's presence (many, on any replica).</summary>
    Presence,
}
