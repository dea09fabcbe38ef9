using System.Text.Json.Nodes;

namespace Airwave.Chart.Tests.ArgoCd;

/// <summary>
/// The Argo CD health checks the chart ships, run by Lua 5.1 against the status of every phase of the three kinds, as
/// the operator writes it.
/// </summary>
public sealed class ArgoCdHealthTests
{
    [Theory]
    [InlineData("Stopped", null, false, "Progressing", "Waiting for the operator to take up the stream")]
    [InlineData("Running", "Pending", false, "Progressing", "Pending; spec.state asks Running")]
    [InlineData("Running", "Provisioning", false, "Progressing", "Creating the MediaLive input")]
    [InlineData("Stopped", "Idle", false, "Healthy", "Provisioned and idle")]
    [InlineData("Stopped", "Idle", true, "Suspended", "Stopped on purpose (spec.state: Stopped)")]
    [InlineData("Running", "Idle", true, "Progressing", "Idle; spec.state asks Running")]
    [InlineData("Running", "Starting", false, "Progressing", "Starting; spec.state asks Running")]
    [InlineData("Running", "Running", false, "Healthy", "The channel is running")]
    [InlineData("Stopped", "Running", false, "Progressing", "Running; spec.state asks Stopped")]
    [InlineData("Stopped", "Stopping", false, "Progressing", "Stopping; spec.state asks Stopped")]
    [InlineData("Stopped", "Deleting", false, "Progressing", "Deleting; spec.state asks Stopped")]
    [InlineData("Running", "Failed", false, "Degraded", "MediaLive refused the channel: quota exceeded")]
    public async Task A_livestream_shows_its_phase_as_asked(string state, string? phase, bool stoppedBefore, string health, string message)
    {
        var stream = Resource("LiveStream", new JsonObject { ["state"] = state, ["source"] = new JsonObject { ["type"] = "RtmpPush" } }, phase, ReadyMessage("LiveStream", phase));
        if (stoppedBefore && stream["status"] is JsonObject status)
        {
            status["lastStopped"] = "2026-11-25T10:00:00Z";
        }

        var (shownHealth, shown) = await (await ArgoCdHealthCheck.LoadAsync("LiveStream")).RunAsync(stream);

        Assert.Equal(health, shownHealth);
        Assert.StartsWith(message, shown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "Progressing", "Waiting for the operator to take up the video")]
    [InlineData("Pending", "Progressing", "Pending")]
    [InlineData("WaitingForUpload", "Healthy", "Waiting for its upload")]
    [InlineData("Preparing", "Progressing", "Mux is preparing the asset")]
    [InlineData("Ready", "Healthy", "Mux asset abc plays at https://stream.mux.com/xyz.m3u8")]
    [InlineData("Errored", "Degraded", "Mux could not read the input: not a video")]
    public async Task A_videoasset_shows_its_phase(string? phase, string health, string message)
    {
        var video = Resource("VideoAsset", new JsonObject { ["provider"] = "Mux" }, phase, ReadyMessage("VideoAsset", phase));

        var (status, shown) = await (await ArgoCdHealthCheck.LoadAsync("VideoAsset")).RunAsync(video);

        Assert.Equal(health, status);
        Assert.StartsWith(message, shown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "Progressing", "Waiting for the operator to take up the split")]
    [InlineData("Pending", "Progressing", "Waiting for session 1234 to be recorded")]
    [InlineData("Running", "Progressing", "1 of 3 sections cut.")]
    [InlineData("Succeeded", "Healthy", "All 3 sections are cut")]
    [InlineData("Failed", "Degraded", "Section 2 failed: the recording ends at 300 s")]
    public async Task An_archivesplit_shows_its_phase(string? phase, string health, string message)
    {
        var split = Resource("ArchiveSplit", new JsonObject { ["streamRef"] = new JsonObject { ["name"] = "workshop" }, ["sessionId"] = "1234" }, phase, ReadyMessage("ArchiveSplit", phase));

        var (status, shown) = await (await ArgoCdHealthCheck.LoadAsync("ArchiveSplit")).RunAsync(split);

        Assert.Equal(health, status);
        Assert.StartsWith(message, shown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("LiveStream", "Running")]
    [InlineData("VideoAsset", "Ready")]
    [InlineData("ArchiveSplit", "Succeeded")]
    public async Task A_change_the_operator_has_not_applied_yet_is_progressing_whatever_the_phase(string kind, string phase)
    {
        var resource = Resource(kind, new JsonObject { ["state"] = "Running" }, phase, "done");
        resource["metadata"]!["generation"] = 3;

        var (status, shown) = await (await ArgoCdHealthCheck.LoadAsync(kind)).RunAsync(resource);

        Assert.Equal("Progressing", status);
        Assert.Equal("Waiting for the operator to apply generation 3", shown);
    }

    /// <summary>A resource as the operator leaves it: observed generation 2 of 2, the phase, and a Ready condition when it has a message.</summary>
    private static JsonObject Resource(string kind, JsonObject spec, string? phase, string? ready)
    {
        var resource = new JsonObject
        {
            ["apiVersion"] = "media.airwave.dev/v1alpha1",
            ["kind"] = kind,
            ["metadata"] = new JsonObject { ["name"] = "example", ["namespace"] = "team-a", ["generation"] = 2 },
            ["spec"] = spec,
        };
        if (phase is not null)
        {
            var conditions = new JsonArray(new JsonObject { ["type"] = "Synced", ["status"] = "True", ["message"] = "not the Ready condition" });
            if (ready is not null)
            {
                conditions.Add(new JsonObject { ["type"] = "Ready", ["status"] = phase is "Running" or "Ready" or "Succeeded" ? "True" : "False", ["reason"] = phase, ["message"] = ready });
            }

            resource["status"] = new JsonObject { ["phase"] = phase, ["observedGeneration"] = 2, ["conditions"] = conditions };
        }

        return resource;
    }

    /// <summary>The Ready condition's message the operator would write in the phase; none where the check has its own words.</summary>
    private static string? ReadyMessage(string kind, string? phase) => (kind, phase) switch
    {
        ("LiveStream", "Provisioning") => "Creating the MediaLive input",
        ("LiveStream", "Running") => "The channel is running",
        ("LiveStream", "Failed") => "MediaLive refused the channel: quota exceeded",
        ("VideoAsset", "Preparing") => "Mux is preparing the asset",
        ("VideoAsset", "Ready") => "Mux asset abc plays at https://stream.mux.com/xyz.m3u8",
        ("VideoAsset", "Errored") => "Mux could not read the input: not a video",
        ("ArchiveSplit", "Pending") => "Waiting for session 1234 to be recorded",
        ("ArchiveSplit", "Running") => "1 of 3 sections cut.",
        ("ArchiveSplit", "Succeeded") => "All 3 sections are cut, into s3://clips/workshop/.",
        ("ArchiveSplit", "Failed") => "Section 2 failed: the recording ends at 300 s",
        _ => null,
    };
}
