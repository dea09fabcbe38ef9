using System.Text.Json.Nodes;
using Airwave.Hosting.WebRtc;
using Airwave.Signaling.Configuration;

namespace Airwave.Signaling.Ice;

/// <summary>
/// The iceServers a page's RTCPeerConnection is made with: the STUN servers, and the TURN servers with a credential
/// minted for this user that expires (<see cref="TurnCredential"/>), so no long-lived TURN password is in a page.
/// </summary>
public sealed class IceServers(IceSettings settings, string? turnSecret, TimeProvider clock)
{
    public JsonArray For(string userId)
    {
        var servers = new JsonArray();
        if (settings.StunUrls.Count > 0)
        {
            JsonNode stun = new JsonObject { ["urls"] = new JsonArray([.. settings.StunUrls.Select(u => JsonValue.Create(u))]) };
            servers.Add(stun);
        }

        if (settings.TurnUrls.Count > 0 && !string.IsNullOrEmpty(turnSecret))
        {
            var (username, credential) = TurnCredential.Mint(userId, clock.GetUtcNow() + settings.TurnCredentialLifetime, turnSecret);
            JsonNode turn = new JsonObject
            {
                ["urls"] = new JsonArray([.. settings.TurnUrls.Select(u => JsonValue.Create(u))]),
                ["username"] = username,
                ["credential"] = credential,
            };
            servers.Add(turn);
        }

        return servers;
    }

    /// <summary>
    /// The same servers as Link headers of a new WHIP or WHEP session (RFC 9725 section 4.6): one per URL, a TURN URL
    /// with its user name and credential (minted for <paramref name="userId"/>).
    /// </summary>
    public IEnumerable<string> Links(string userId)
    {
        foreach (var server in For(userId).OfType<JsonObject>())
        {
            foreach (var url in server["urls"]!.AsArray())
            {
                yield return IceServerLink.Format((string)url!, (string?)server["username"], (string?)server["credential"]);
            }
        }
    }
}
