using System.Text.Json.Nodes;
using Airwave.Sfu.Configuration;
using Airwave.Sfu.Http;
using Airwave.Sfu.Janus;
using Airwave.Sfu.Sdp;
using Airwave.Sfu.Trickle;

namespace Airwave.Sfu.Whip;

/// <summary>A publisher's offer joins the stream's room as its one publisher; the engine's answer goes back.</summary>
public sealed class WhipPublishing(EngineSessions sessions)
{
    /// <summary>The room's publisher id: there is one, so a second publisher is refused by the engine itself.</summary>
    public const long PublisherId = 1;

    // The engine's "User ID already exists" in the room.
    private const int IdTaken = 436;

    private volatile Publisher? _publisher;

    /// <summary>Whether the stream's publisher is in this pod's room now.</summary>
    public bool IsPublishing => Current is not null;

    /// <summary>The stream's publisher in this pod's room now, if any.</summary>
    public Publisher? Current => _publisher is { } publisher && sessions.Exists(publisher.SessionId) ? publisher : null;

    public async Task<SessionResult> PublishAsync(string offer, CancellationToken cancellationToken)
    {
        SessionDescription described;
        try
        {
            described = SessionDescription.Parse(offer);
        }
        catch (FormatException e)
        {
            return SessionResult.Refused(400, "Not an SDP offer", $"The offer is not a session description: {e.Message}.");
        }

        // Bundled: the first section the offer uses carries the transport, and so the ICE a PATCH changes.
        if (described.Media.Select((m, i) => (Section: m, Index: i)).FirstOrDefault(s => !s.Section.IsRejected) is not { Section: not null } bundled)
        {
            return SessionResult.Refused(400, "Not an SDP offer", "The offer has no media to publish.");
        }

        // A publisher's session is confirmed by its offer: the engine hangs it up if its connection never comes.
        var id = await sessions.OpenAsync("publisher", confirmWithin: null, cancellationToken);
        try
        {
            var answer = await sessions.RequestAsync(
                id,
                new JsonObject { ["request"] = "joinandconfigure", ["room"] = SfuSettings.Room, ["ptype"] = "publisher", ["id"] = PublisherId, ["audio"] = true, ["video"] = true },
                new JsonObject { ["type"] = "offer", ["sdp"] = offer },
                cancellationToken);
            var data = answer?["plugindata"]?["data"];
            if ((int?)data?["error_code"] is { } code)
            {
                await sessions.EndAsync(id);
                return code == IdTaken
                    ? SessionResult.Refused(409, "The stream has a publisher", "Another publisher is sending to this stream; end its WHIP session first.")
                    : SessionResult.Refused(400, "The offer was refused", (string?)data["error"] ?? "the media engine refused the offer");
            }

            if ((string?)answer?["jsep"]?["sdp"] is not { } sdp)
            {
                await sessions.EndAsync(id);
                return SessionResult.Refused(400, "The offer was refused", $"the media engine sent no answer: {answer?.ToJsonString()}");
            }

            _publisher = Publisher.Of(id, sdp);
            var etag = IceSession.NewETag();
            var mid = bundled.Section.Mid ?? "0";
            var (ufrag, pwd) = (described.Attribute(bundled.Section, "ice-ufrag") ?? "", described.Attribute(bundled.Section, "ice-pwd") ?? "");
            sessions.SetIce(id, new IceSession(etag, ufrag, pwd, offer, mid, mid, bundled.Index));
            return SessionResult.Made(id, sdp, etag);
        }
        catch
        {
            await sessions.EndAsync(id);
            throw;
        }
    }

    /// <summary>
    /// An ICE restart the publisher asked for: its offer again with the new credentials and candidates, which the
    /// engine answers with its own new ones.
    /// </summary>
    public async Task<SessionResult> RestartAsync(string id, IceSession ice, IceFragment fragment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ice);
        ArgumentNullException.ThrowIfNull(fragment);
        var offer = fragment.ApplyTo(ice.Offer);
        var answered = await sessions.RequestAsync(
            id,
            new JsonObject { ["request"] = "configure", ["audio"] = true, ["video"] = true },
            new JsonObject { ["type"] = "offer", ["sdp"] = offer },
            cancellationToken);
        if ((string?)answered?["jsep"]?["sdp"] is not { } sdp)
        {
            return answered is null
                ? SessionResult.Refused(404, "No such session", "The WHIP session has ended, or never was.")
                : SessionResult.Refused(400, "The ICE restart was refused", (string?)answered["plugindata"]?["data"]?["error"] ?? "the media engine sent no answer");
        }

        return IceRestarts.Completed(sessions, id, ice, fragment, offer, SessionDescription.Parse(sdp));
    }
}
