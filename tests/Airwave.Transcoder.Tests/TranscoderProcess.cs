using System.Text.Json;
using Airwave.Media.Transcoding;
using Airwave.Sandbox;

namespace Airwave.Transcoder.Tests;

/// <summary>
/// airwave-transcoder (<see cref="ProgramBuild.Transcoder"/>: in CI the native build its image ships) as its Job runs
/// it: the plan in a file, a scratch directory, and its exit code and log.
/// </summary>
public static class TranscoderProcess
{
    /// <summary>Where the plan is while the program runs in <paramref name="directory"/>.</summary>
    public static string PlanPath(string directory) => Path.Combine(directory, "plan.json");

    public static async Task<ProcessResult> RunAsync(TranscodePlan plan, string directory)
    {
        var planFile = PlanPath(directory);
        await File.WriteAllTextAsync(planFile, JsonSerializer.Serialize(plan, TranscodeJson.Default.TranscodePlan));
        return await ProcessRunner.RunAsync(ProgramBuild.Transcoder.Program, ["--plan", planFile, "--work", Path.Combine(directory, "work")], TimeSpan.FromMinutes(3));
    }

    /// <summary>Replaces the plan of a running program whole, as the kubelet updates a Secret's file: written beside, renamed over.</summary>
    public static async Task ReplacePlanAsync(TranscodePlan plan, string directory)
    {
        var written = PlanPath(directory) + ".new";
        await File.WriteAllTextAsync(written, JsonSerializer.Serialize(plan, TranscodeJson.Default.TranscodePlan));
        File.Move(written, PlanPath(directory), overwrite: true);
    }
}
