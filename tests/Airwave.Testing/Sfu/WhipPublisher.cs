using System.Text.Json.Nodes;

namespace Airwave.Testing.Sfu;

/// <summary>
/// A WHIP publisher that is not a browser (whip_publish.py: aiortc, sending a test pattern and a tone) that sends until
/// it is stopped, so that what a test does alongside it, however slow the machine, happens while it publishes.
/// Stopped, it PATCHes its session (<see cref="WebRtcClients.AssertPatchedAsSpecified"/>), then DELETEs it twice, and
/// reports, as JSON, what the endpoint answered and what its peer connection did. Disposing ends it if still running.
/// </summary>
public sealed class WhipPublisher : IAsyncDisposable
{
    // A Python process's start, its POST and its connection, or its PATCHes and DELETEs, on a loaded machine.
    private static readonly TimeSpan Answering = TimeSpan.FromSeconds(90);
    private readonly RunningProcess _process;
    private JsonObject? _report;

    private WhipPublisher(RunningProcess process) => _process = process;

    /// <summary>Posts its offer to <paramref name="endpoint"/> (of <paramref name="videoCodec"/> alone when given, such as H264 as OBS sends).</summary>
    public static WhipPublisher Start(Uri endpoint, string token, string? videoCodec = null) => new(RunningProcess.Start(
        "/usr/bin/python3",
        [Path.Combine(AppContext.BaseDirectory, "Sfu", "whip_publish.py"), endpoint.ToString(), token, .. videoCodec is null ? Array.Empty<string>() : [videoCodec]],
        standardInput: true));

    /// <summary>Waits until its peer connection is connected, from when its media flows; fails saying what the endpoint answered when it was refused.</summary>
    public async Task ConnectedAsync()
    {
        if (!await TryConnectedAsync())
        {
            throw new InvalidOperationException($"the publisher was refused: {_report!.ToJsonString()}");
        }
    }

    /// <summary>True once its peer connection is connected; false when the endpoint refused it (<see cref="StopAsync"/> gives the answer).</summary>
    public async Task<bool> TryConnectedAsync()
    {
        if (_report is not null)
        {
            return false;
        }

        var line = await _process.ReadLineAsync(Answering);
        if (line == "connected")
        {
            return true;
        }

        _report = JsonNode.Parse(line)!.AsObject();
        return false;
    }

    /// <summary>Stops sending (or, refused, waits for its answer) and returns its report.</summary>
    public async Task<JsonObject> StopAsync()
    {
        if (_report is null)
        {
            CloseStandardInput();
            var lines = await _process.ReadUntilAsync(l => l.StartsWith('{'), Answering);
            _report = JsonNode.Parse(lines[^1])!.AsObject();
        }

        var exitCode = await _process.WaitForExitAsync(Answering);
        Assert.True(exitCode == 0, $"whip_publish.py exited with {exitCode}:\n{_process.StandardError}");
        return _report;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private void CloseStandardInput()
    {
        try
        {
            _process.CloseStandardInput();
        }
        catch (IOException)
        {
            // Refused, it may have ended before reading its input: its answer is on its output all the same.
        }
    }
}
