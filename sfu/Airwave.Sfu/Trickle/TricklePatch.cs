using System.Text.Json.Nodes;
using Airwave.Sfu.Http;
using Airwave.Sfu.Janus;
using Airwave.Sfu.Sdp;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sfu.Trickle;

/// <summary>
/// PATCH of a WHIP or WHEP session with an SDP fragment (RFC 9725 section 4.3): candidates the client found after
/// its offer go to the engine (204); new ICE credentials restart ICE (200, with the server's new credentials and
/// candidates and a new entity tag). An If-Match other than <c>*</c> or the session's entity tag is 412: the client's
/// view of the ICE session is out of date.
/// </summary>
public static class TricklePatch
{
    /// <summary>The session's ICE restarted with the fragment's credentials and candidates: what the client gets back.</summary>
    public delegate Task<SessionResult> Restart(string session, IceSession ice, IceFragment fragment, CancellationToken cancellationToken);

    public static async Task<IResult> PatchAsync(string session, HttpRequest request, EngineSessions sessions, Restart restart, string sessionsPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(restart);
        var (text, problem) = await SdpResults.ReadAsync(request, IceFragment.MediaType, "an SDP fragment of ICE candidates", cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (sessions.Ice(session) is not { } ice)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such session", detail: "The session has ended, or never was.");
        }

        var match = request.Headers.IfMatch.ToString();
        if (match.Length > 0 && match != "*" && match != ice.ETag)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status412PreconditionFailed,
                title: "Not this ICE session",
                detail: $"If-Match names an ICE session this one is not (its entity tag is {ice.ETag}): restart ICE with If-Match: *.");
        }

        IceFragment fragment;
        try
        {
            fragment = IceFragment.Parse(text!);
        }
        catch (FormatException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not an SDP fragment", detail: $"The body is not an SDP fragment of ICE candidates: {e.Message}.");
        }

        if (fragment.Ufrag is not null && (fragment.Ufrag != ice.Ufrag || fragment.Pwd != ice.Pwd))
        {
            return SdpResults.From(await restart(session, ice, fragment, cancellationToken), sessionsPath);
        }

        // Bundled: every candidate is the transport's, whichever section the client gave it under.
        var candidates = new JsonArray();
        foreach (var section in fragment.Sections)
        {
            foreach (var candidate in section.Candidates)
            {
                candidates.Add((JsonNode)new JsonObject { ["sdpMid"] = ice.EngineMid, ["sdpMLineIndex"] = ice.EngineIndex, ["candidate"] = candidate });
            }
        }

        if (fragment.Sections.Any(s => s.Complete))
        {
            candidates.Add((JsonNode)new JsonObject { ["completed"] = true });
        }

        return candidates.Count == 0 || await sessions.TrickleAsync(session, candidates, cancellationToken)
            ? Results.NoContent()
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such session", detail: "The session has ended, or never was.");
    }
}
