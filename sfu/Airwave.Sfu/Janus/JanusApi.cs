using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Airwave.Sfu.Json;

namespace Airwave.Sfu.Janus;

/// <summary>
/// The engine's Janus API over HTTP, as the pod's own endpoints use it: sessions, VideoRoom handles, plugin requests,
/// and the session's events by long poll (which also keeps the session alive).
/// </summary>
public sealed class JanusApi(HttpClient http)
{
    public const string VideoRoom = "janus.plugin.videoroom";

    public async Task<long> CreateSessionAsync(CancellationToken cancellationToken) =>
        Id(await PostAsync("", new JsonObject { ["janus"] = "create" }, cancellationToken));

    public async Task<long> AttachAsync(long session, CancellationToken cancellationToken) =>
        Id(await PostAsync(Path(session), new JsonObject { ["janus"] = "attach", ["plugin"] = VideoRoom }, cancellationToken));

    /// <summary>A plugin request the plugin answers at once (create, exists, listparticipants): its data.</summary>
    public async Task<JsonObject> RequestAsync(long session, long handle, JsonObject body, CancellationToken cancellationToken)
    {
        var answer = await PostAsync(Path(session, handle), new JsonObject { ["janus"] = "message", ["body"] = body }, cancellationToken);
        return answer["plugindata"]?["data"] as JsonObject
            ?? throw new JanusException(0, $"the engine answered {answer.ToJsonString()} to a {(string?)body["request"]} request");
    }

    /// <summary>
    /// A plugin request the plugin answers later, in an event (join, publish): sent, acknowledged; returns its
    /// transaction, which the answering event carries.
    /// </summary>
    public async Task<string> SendAsync(long session, long handle, JsonObject body, JsonObject? jsep, CancellationToken cancellationToken)
    {
        var request = new JsonObject { ["janus"] = "message", ["body"] = body };
        if (jsep is not null)
        {
            request["jsep"] = jsep;
        }

        var answer = await PostAsync(Path(session, handle), request, cancellationToken);
        return (string?)answer["janus"] == "ack"
            ? (string)answer["transaction"]!
            : throw new JanusException(0, $"the engine answered {answer.ToJsonString()} to a {(string?)body["request"]} request");
    }

    /// <summary>
    /// Trickled ICE candidates of a handle's peer connection (<c>sdpMid</c>, <c>sdpMLineIndex</c>, <c>candidate</c>, or
    /// <c>completed</c> for the end of them); the engine acknowledges at once.
    /// </summary>
    public async Task TrickleAsync(long session, long handle, JsonArray candidates, CancellationToken cancellationToken) =>
        await PostAsync(Path(session, handle), new JsonObject { ["janus"] = "trickle", ["candidates"] = candidates }, cancellationToken);

    /// <summary>The session's next events; the engine holds the request up to 30 seconds when it has none.</summary>
    public async Task<IReadOnlyList<JsonObject>> PollAsync(long session, CancellationToken cancellationToken)
    {
        var answer = await http.GetFromJsonAsync(new Uri($"{Path(session)}?maxev=10", UriKind.Relative), NodeJson.Default.JsonNode, cancellationToken);
        var events = answer switch
        {
            JsonArray array => array.OfType<JsonObject>().ToList(),
            JsonObject single => [single],
            _ => [],
        };
        return events.FirstOrDefault(e => (string?)e["janus"] == "error") is { } error ? throw Error(error) : events;
    }

    /// <summary>
    /// A plugin request the plugin answers at once, on a session made for it and destroyed after: for the pod's own
    /// requests (its room, its forwarders), which are no client's.
    /// </summary>
    public async Task<JsonObject> RequestOnceAsync(JsonObject body, CancellationToken cancellationToken)
    {
        var session = await CreateSessionAsync(cancellationToken);
        try
        {
            return await RequestAsync(session, await AttachAsync(session, cancellationToken), body, cancellationToken);
        }
        finally
        {
            await DestroyAsync(session, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public async Task DestroyAsync(long session, CancellationToken cancellationToken) =>
        await PostAsync(Path(session), new JsonObject { ["janus"] = "destroy" }, cancellationToken);

    private static string Path(long session) => session.ToString(CultureInfo.InvariantCulture);

    private static string Path(long session, long handle) => string.Create(CultureInfo.InvariantCulture, $"{session}/{handle}");

    private static long Id(JsonObject answer) => (long)answer["data"]!["id"]!;

    private async Task<JsonObject> PostAsync(string path, JsonObject request, CancellationToken cancellationToken)
    {
        request["transaction"] = Guid.NewGuid().ToString("N");
        using var response = await http.PostAsJsonAsync(new Uri(path, UriKind.Relative), request, NodeJson.Default.JsonObject, cancellationToken);
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync(NodeJson.Default.JsonObject, cancellationToken)
            ?? throw new JanusException(0, "the engine answered nothing");
        return (string?)answer["janus"] == "error" ? throw Error(answer) : answer;
    }

    private static JanusException Error(JsonObject answer) =>
        new((int?)answer["error"]?["code"] ?? 0, (string?)answer["error"]?["reason"] ?? answer.ToJsonString());
}
