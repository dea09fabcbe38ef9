using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Airwave.Sfu.Json;

namespace Airwave.Sfu.Janus;

/// <summary>The engine's admin API on 127.0.0.1: whether it answers.</summary>
public sealed class JanusAdmin(HttpClient http, string secret)
{
    /// <summary>True when the engine answers and runs the VideoRoom plugin.</summary>
    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            var info = await SendAsync(new JsonObject { ["janus"] = "info" }, cancellationToken);
            return (info?["plugins"] as JsonObject)?.ContainsKey("janus.plugin.videoroom") == true;
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task<JsonObject?> SendAsync(JsonObject request, CancellationToken cancellationToken)
    {
        request["transaction"] = Guid.NewGuid().ToString("N");
        request["admin_secret"] = secret;
        using var response = await http.PostAsJsonAsync("admin", request, NodeJson.Default.JsonObject, cancellationToken);
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync(NodeJson.Default.JsonObject, cancellationToken);
        return (string?)answer?["janus"] is "success" or "server_info"
            ? answer
            : throw new HttpRequestException($"the engine's admin API answered {answer?.ToJsonString() ?? "nothing"}");
    }
}
