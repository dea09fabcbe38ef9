using System.Text.Json;
using Airwave.Media.Transcoding;

namespace Airwave.Transcoder.Tests;

/// <summary>airwave-transcoder as its Job runs it: the plan in a file, a scratch directory, and its exit code and log.</summary>
public static class TranscoderProcess
{
    public static async Task<ProcessResult> RunAsync(TranscodePlan plan, string directory)
    {
        var planFile = Path.Combine(directory, "plan.json");
        await File.WriteAllTextAsync(planFile, JsonSerializer.Serialize(plan, TranscodeJson.Default.TranscodePlan));
        return await ProcessRunner.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "airwave-transcoder.dll"), "--plan", planFile, "--work", Path.Combine(directory, "work")], TimeSpan.FromMinutes(3));
    }
}
