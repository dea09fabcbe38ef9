using System.Text.Json.Nodes;
using Airwave.Sfu.Configuration;
using Airwave.Sfu.Http;
using Airwave.Sfu.Janus;

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
            return SessionResult.Made(id, sdp);
        }
        catch
        {
            await sessions.EndAsync(id);
            throw;
        }
    }
}
