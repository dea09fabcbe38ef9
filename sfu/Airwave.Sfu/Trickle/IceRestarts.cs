using Airwave.Sfu.Http;
using Airwave.Sfu.Janus;
using Airwave.Sfu.Sdp;

namespace Airwave.Sfu.Trickle;

/// <summary>What WHIP and WHEP do alike once the engine has restarted a session's ICE.</summary>
public static class IceRestarts
{
    /// <summary>
    /// The session's ICE takes the client's new credentials and its offer as restarted (<paramref name="offer"/>), with
    /// a new entity tag; the client gets the engine's new credentials and candidates, from the engine's side of the
    /// restarted session (<paramref name="engine"/>: its answer to a publisher, its offer to a viewer).
    /// </summary>
    public static SessionResult Completed(EngineSessions sessions, string id, IceSession ice, IceFragment fragment, string offer, SessionDescription engine)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(ice);
        ArgumentNullException.ThrowIfNull(fragment);
        ArgumentNullException.ThrowIfNull(engine);
        var section = engine.Media[ice.EngineIndex];
        var etag = IceSession.NewETag();
        sessions.SetIce(id, ice with { ETag = etag, Ufrag = fragment.Ufrag!, Pwd = fragment.Pwd!, Offer = offer });
        return SessionResult.Restarted(
            IceFragment.Write(engine.Attribute(section, "ice-ufrag")!, engine.Attribute(section, "ice-pwd")!, section.Kind, ice.ClientMid, section.Candidates()),
            etag);
    }
}
