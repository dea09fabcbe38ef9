using System.Globalization;
using System.Text.Json.Nodes;

namespace Airwave.Testing.Sfu;

/// <summary>
/// A WHIP publisher that is not a browser (whip_publish.py: aiortc sending a test pattern and a tone): posts its
/// offer, sends media for a while once connected, tries PATCH, then DELETEs its session twice. Its report says what
/// the endpoint answered and what the connection did.
/// </summary>
public static class WhipPublisher
{
    public static async Task<JsonObject> PublishAsync(Uri endpoint, string token, TimeSpan sending)
    {
        var result = await ProcessRunner.RunAsync(
            "/usr/bin/python3",
            [Path.Combine(AppContext.BaseDirectory, "Sfu", "whip_publish.py"), endpoint.ToString(), token, sending.TotalSeconds.ToString(CultureInfo.InvariantCulture)],
            sending + TimeSpan.FromSeconds(90));
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonNode.Parse(result.StandardOutput)!.AsObject();
    }
}
