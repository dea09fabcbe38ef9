using System.Net;

namespace Airwave.Testing;

/// <summary>
/// The operator's program (<c>Airwave.Sandbox.ProgramBuild.Operator.Program</c>: the native build CI tests, or the launcher
/// beside this build's DLL) run as its own process, the way the image's entrypoint runs it.
/// </summary>
public static class OperatorExecutable
{
    /// <summary>
    /// Starts <paramref name="commandLine"/> (program first) with exactly <paramref name="environment"/>, plus what a
    /// .NET base image provides (PATH, and DOTNET_ROOT where the SDK is not on the default path) and a HOME of its own.
    /// </summary>
    public static RunningProcess Start(IReadOnlyList<string> commandLine, IReadOnlyDictionary<string, string> environment, string home)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        var complete = new Dictionary<string, string>(environment)
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
            ["HOME"] = home,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root)
        {
            complete["DOTNET_ROOT"] = root;
        }

        return RunningProcess.Start(commandLine[0], commandLine.Skip(1), complete, inheritEnvironment: false);
    }

    /// <summary>Polls <c>/readyz</c> until it answers 200; fails with the process's error output if it exits first.</summary>
    public static async Task WaitReadyAsync(RunningProcess process, Uri baseAddress, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(process);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        var last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                Assert.Fail($"the operator exited ({process.ExitCode}) before it was ready; stderr:\n{process.StandardError}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(baseAddress, "/readyz"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // A process still starting on a busy machine may take longer than one request waits: ask again.
                last = e.Message;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"/readyz did not answer 200 within {timeout}; last: {last}; stderr:\n{process.StandardError}");
    }
}
