using System.Text.Json.Nodes;
using Airwave.Sfu.Configuration;
using Airwave.Sfu.Http;
using Airwave.Sfu.Janus;
using Airwave.Sfu.Whip;

namespace Airwave.Sfu.Whep;

/// <summary>
/// A viewer subscribes to the stream's publisher: the engine makes the offer (its VideoRoom subscribers take no
/// other way), the viewer answers it. A viewer that does not answer within <see cref="AnswerWithin"/> is let go.
/// </summary>
public sealed class WhepViewing(EngineSessions sessions)
{
    public static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(30);

    // The engine's "No such feed": nothing is published in the room.
    private const int NoSuchFeed = 428;

    private const string Purpose = "viewer";

    /// <summary>The viewers on this pod now (those still to answer among them).</summary>
    public int Viewers => sessions.Count(Purpose);

    public async Task<SessionResult> ViewAsync(CancellationToken cancellationToken)
    {
        var id = await sessions.OpenAsync(Purpose, AnswerWithin, cancellationToken);
        try
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
                await sessions.EndAsync(id);
                return code == NoSuchFeed
                    ? SessionResult.Refused(409, "The stream has no publisher", "Nothing is published to this stream now; try again once its publisher is live.")
                    : SessionResult.Refused(502, "The media engine refused the viewer", (string?)data["error"] ?? "no reason given");
            }

            if ((string?)offer?["jsep"]?["sdp"] is not { } sdp)
            {
                await sessions.EndAsync(id);
                return SessionResult.Refused(502, "The media engine made no offer", offer?.ToJsonString() ?? "no answer");
            }

            return SessionResult.Made(id, sdp);
        }
        catch
        {
            await sessions.EndAsync(id);
            throw;
        }
    }

    /// <summary>The viewer's answer to the engine's offer; the media starts.</summary>
    public async Task<SessionResult> AnswerAsync(string id, string answer, CancellationToken cancellationToken)
    {
        var started = await sessions.RequestAsync(id, new JsonObject { ["request"] = "start" }, new JsonObject { ["type"] = "answer", ["sdp"] = answer }, cancellationToken);
        if (started is null)
        {
            return SessionResult.Refused(404, "No such session", "The WHEP session has ended, or never was.");
        }

        if ((int?)started["plugindata"]?["data"]?["error_code"] is not null)
        {
            return SessionResult.Refused(400, "The answer was refused", (string?)started["plugindata"]!["data"]!["error"] ?? "the media engine refused the answer");
        }

        sessions.Confirm(id);
        return SessionResult.Done();
    }
}
