using System.Globalization;
using System.Text.Json.Nodes;

namespace Airwave.Testing.Sfu;

/// <summary>
/// WebRTC clients that are not browsers (aiortc, Debian's python3-aiortc); each reports, as JSON, what the endpoint
/// answered and what its peer connection did.
/// </summary>
public static class WebRtcClients
{
    /// <summary>
    /// A <see cref="WhipPublisher"/> that, once connected, sends for <paramref name="sending"/> and stops (at once with
    /// <see cref="TimeSpan.Zero"/>, where only the endpoint's answer matters); its report.
    /// </summary>
    public static async Task<JsonObject> PublishAsync(Uri endpoint, string token, TimeSpan sending, string? videoCodec = null)
    {
        await using var publisher = WhipPublisher.Start(endpoint, token, videoCodec);
        if (sending > TimeSpan.Zero && await publisher.TryConnectedAsync())
        {
            await Task.Delay(sending);
        }

        return await publisher.StopAsync();
    }

    /// <summary>
    /// A WHEP viewer that is not a browser (whep_view.py: aiortc): POSTs its offer, takes the answer, decodes until it
    /// has <paramref name="frames"/> video frames (30 seconds at most), PATCHes its session (trickle, then an ICE
    /// restart: <see cref="AssertPatchedAsSpecified"/>), then DELETEs it twice.
    /// With <paramref name="loseEvery"/>, it loses one video packet in that many as they arrive and reports which were
    /// lost, asked for again (NACK) and repaired. With <paramref name="token"/>, its POST carries it as bearer token.
    /// </summary>
    public static Task<JsonObject> ViewAsync(Uri endpoint, int frames, int loseEvery = 0, string? token = null) =>
        RunAsync("whep_view.py", [endpoint.ToString(), frames.ToString(CultureInfo.InvariantCulture), loseEvery.ToString(CultureInfo.InvariantCulture), .. token is null ? Array.Empty<string>() : [token]], TimeSpan.FromSeconds(30));

    /// <summary>
    /// What a client's PATCHes of its session (sdp_http.patch_session) got, as RFC 9725 says: its trickled candidate
    /// taken (204) with the ICE session's entity tag and refused with a stale one (412); an ICE restart answered with
    /// the server's new credentials and candidates and a new entity tag (200), after which the first tag is stale.
    /// </summary>
    public static void AssertPatchedAsSpecified(JsonNode report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var patch = report["patch"]!;
        var restart = patch["restart"]!;
        Assert.Equal(204, (int?)patch["trickle"]);
        Assert.Equal(412, (int?)patch["stale"]);
        Assert.Equal(200, (int?)restart["status"]);
        Assert.Equal("application/trickle-ice-sdpfrag", (string?)restart["contentType"]);
        Assert.Matches("^\"[^\"]+\"$", (string?)report["etag"]);
        Assert.Matches("^\"[^\"]+\"$", (string?)restart["etag"]);
        Assert.NotEqual((string?)report["etag"], (string?)restart["etag"]);
        Assert.False(string.IsNullOrEmpty((string?)restart["ufrag"]), restart.ToJsonString());
        Assert.NotEqual((string?)restart["answerUfrag"], (string?)restart["ufrag"]);
        Assert.True((int?)restart["candidates"] >= 1, restart.ToJsonString());
        Assert.Equal(412, (int?)patch["afterRestart"]);
    }

    private static async Task<JsonObject> RunAsync(string script, IEnumerable<string> arguments, TimeSpan running)
    {
        var result = await ProcessRunner.RunAsync("/usr/bin/python3", [Path.Combine(AppContext.BaseDirectory, "Sfu", script), .. arguments], running + TimeSpan.FromSeconds(90));
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonNode.Parse(result.StandardOutput)!.AsObject();
    }
}
