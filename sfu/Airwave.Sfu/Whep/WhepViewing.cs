using System.Text.Json.Nodes;
using Airwave.Sfu.Configuration;
using Airwave.Sfu.Http;
using Airwave.Sfu.Janus;
using Airwave.Sfu.Sdp;
using Airwave.Sfu.Trickle;
using Airwave.Sfu.Whip;

namespace Airwave.Sfu.Whep;

/// <summary>
/// A viewer subscribes to the stream's publisher. The engine's VideoRoom subscribers always get the engine's offer, so
/// a viewer's own offer (WHEP) is answered through it (<see cref="ViewerAnswers"/>); a viewer may also take the
/// engine's offer and answer it (<see cref="OfferAsync"/>). A viewer whose connection is not up within
/// <see cref="ConnectWithin"/> is let go.
/// </summary>
public sealed class WhepViewing(EngineSessions sessions)
{
    public static readonly TimeSpan ConnectWithin = TimeSpan.FromSeconds(30);

    // The engine's "No such feed": nothing is published in the room.
    private const int NoSuchFeed = 428;

    private const string Purpose = "viewer";

    /// <summary>The viewers on this pod now (those still connecting among them).</summary>
    public int Viewers => sessions.Count(Purpose);

    /// <summary>The viewer's offer answered: 201 with the answer, or why not.</summary>
    public async Task<SessionResult> ViewAsync(string offer, CancellationToken cancellationToken)
    {
        SessionDescription viewerOffer;
        try
        {
            viewerOffer = SessionDescription.Parse(offer);
        }
        catch (FormatException e)
        {
            return SessionResult.Refused(400, "Not an SDP offer", $"The offer is not a session description: {e.Message}.");
        }

        if (!ViewerAnswers.ReceivesMedia(viewerOffer))
        {
            return SessionResult.Refused(422, "The offer cannot be answered", "The offer receives no media: offer to receive (recvonly) audio or video over WebRTC (UDP/TLS/RTP/SAVPF), each section with its mid.");
        }

        var id = await sessions.OpenAsync(Purpose, ConnectWithin, cancellationToken);
        try
        {
            var (engineOffer, refused) = await SubscribeAsync(id, cancellationToken);
            var bridged = engineOffer is null ? null : ViewerAnswers.Bridge(viewerOffer, engineOffer);
            refused ??= bridged!.Refusal is { } why ? SessionResult.Refused(422, "The offer cannot be answered", why) : null;
            refused ??= await StartAsync(id, bridged!.ToEngine, cancellationToken);
            if (refused is not null)
            {
                await sessions.EndAsync(id);
                return refused;
            }

            var ice = bridged!.Viewer!;
            var etag = IceSession.NewETag();
            sessions.SetIce(id, new IceSession(etag, ice.Ufrag, ice.Pwd, offer, ice.ViewerMid, ice.EngineMid, ice.EngineIndex));
            return SessionResult.Made(id, bridged.ToViewer, etag);
        }
        catch
        {
            await sessions.EndAsync(id);
            throw;
        }
    }

    /// <summary>
    /// A viewer that takes the engine's offer (a POST without a body): 201 with it; the viewer answers with
    /// <see cref="AnswerAsync"/>. Kept for clients that keep their own payload types when they offer (Firefox): answering
    /// the engine's offer, they take the engine's.
    /// </summary>
    public async Task<SessionResult> OfferAsync(CancellationToken cancellationToken)
    {
        var id = await sessions.OpenAsync(Purpose, ConnectWithin, cancellationToken);
        try
        {
            var (engineOffer, refused) = await SubscribeAsync(id, cancellationToken);
            if (refused is not null)
            {
                await sessions.EndAsync(id);
                return refused;
            }

            return SessionResult.Made(id, engineOffer!.ToString());
        }
        catch
        {
            await sessions.EndAsync(id);
            throw;
        }
    }

    /// <summary>The viewer's answer to the engine's offer; the media starts (204).</summary>
    public async Task<SessionResult> AnswerAsync(string id, string answer, CancellationToken cancellationToken) =>
        await StartAsync(id, answer, cancellationToken) ?? SessionResult.Done();

    /// <summary>
    /// An ICE restart the viewer asked for: the engine restarts its side and offers again with new credentials; that
    /// offer is answered with the viewer's new ones, and the engine's go back to the viewer.
    /// </summary>
    public async Task<SessionResult> RestartAsync(string id, IceSession ice, IceFragment fragment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ice);
        ArgumentNullException.ThrowIfNull(fragment);
        var restarted = await sessions.RequestAsync(id, new JsonObject { ["request"] = "configure", ["restart"] = true }, jsep: null, cancellationToken);
        if ((string?)restarted?["jsep"]?["sdp"] is not { } sdp)
        {
            return restarted is null
                ? SessionResult.Refused(404, "No such session", "The WHEP session has ended, or never was.")
                : SessionResult.Refused(502, "The media engine did not restart ICE", (string?)restarted["plugindata"]?["data"]?["error"] ?? "no offer came");
        }

        var offer = fragment.ApplyTo(ice.Offer);
        var engineOffer = SessionDescription.Parse(sdp);
        var bridged = ViewerAnswers.Bridge(SessionDescription.Parse(offer), engineOffer);
        if (bridged.Refusal is { } why)
        {
            return SessionResult.Refused(422, "The ICE restart cannot be answered", why);
        }

        if (await StartAsync(id, bridged.ToEngine, cancellationToken) is { } refused)
        {
            return refused;
        }

        return IceRestarts.Completed(sessions, id, ice, fragment, offer, engineOffer);
    }

    /// <summary>Joins the room as a subscriber of the publisher's every stream: the engine's offer, or why there is none.</summary>
    private async Task<(SessionDescription? Offer, SessionResult? Refused)> SubscribeAsync(string id, CancellationToken cancellationToken)
    {
        var offer = await sessions.RequestAsync(
            id,
            new JsonObject
            {
                ["request"] = "join",
                ["ptype"] = "subscriber",
                ["room"] = SfuSettings.Room,
                ["streams"] = new JsonArray(new JsonObject { ["feed"] = WhipPublishing.PublisherId }),
            },
            jsep: null,
            cancellationToken);
        var data = offer?["plugindata"]?["data"];
        if ((int?)data?["error_code"] is { } code)
        {
            return (null, code == NoSuchFeed
                ? SessionResult.Refused(409, "The stream has no publisher", "Nothing is published to this stream now; try again once its publisher is live.")
                : SessionResult.Refused(502, "The media engine refused the viewer", (string?)data["error"] ?? "no reason given"));
        }

        return (string?)offer?["jsep"]?["sdp"] is { } sdp
            ? (SessionDescription.Parse(sdp), null)
            : (null, SessionResult.Refused(502, "The media engine made no offer", offer?.ToJsonString() ?? "no answer"));
    }

    /// <summary>The viewer's answer to the engine's offer, given to the engine: null once the media starts, else why not.</summary>
    private async Task<SessionResult?> StartAsync(string id, string answer, CancellationToken cancellationToken)
    {
        var started = await sessions.RequestAsync(id, new JsonObject { ["request"] = "start" }, new JsonObject { ["type"] = "answer", ["sdp"] = answer }, cancellationToken);
        if (started is null)
        {
            return SessionResult.Refused(404, "No such session", "The WHEP session has ended, or never was.");
        }

        return (int?)started["plugindata"]?["data"]?["error_code"] is not null
            ? SessionResult.Refused(400, "The answer was refused", (string?)started["plugindata"]!["data"]!["error"] ?? "the media engine refused the answer")
            : null;
    }
}
