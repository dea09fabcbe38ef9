using System.Diagnostics;

namespace Airwave.Sandbox.Kubernetes.Tests.Infrastructure;

/// <summary>
/// kubectl on a terminal of its own (util-linux's script), 30 rows by 100 columns, as a user runs `exec -it` or
/// `run -it`: what is typed waits on the terminal until kubectl reads it, and script's input stays open until kubectl
/// is done, as a user's terminal would.
/// </summary>
internal static class KubectlTerminal
{
    /// <param name="arguments">kubectl's arguments, as a shell reads them (quote what must stay one word).</param>
    /// <param name="transport">"WebSocket" (kubectl's default) or "SPDY".</param>
    public static async Task<(int ExitCode, string Output)> RunAsync(Testing.Kubectl kubectl, IEnumerable<string> arguments, string transport, string typed = "")
    {
        var command = string.Join(' ', new[] { Testing.Kubectl.Path }.Concat(kubectl.CommonArguments).Concat(arguments));
        var start = new ProcessStartInfo("/usr/bin/script") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in (string[])["-q", "-e", "-c", $"stty rows 30 cols 100; exec {command}", "/dev/null"])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["KUBECTL_REMOTE_COMMAND_WEBSOCKETS"] = transport == "WebSocket" ? "true" : "false";
        using var terminal = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await terminal.StandardInput.WriteAsync(typed);
            await terminal.StandardInput.FlushAsync(timeout.Token);
            var output = await terminal.StandardOutput.ReadToEndAsync(timeout.Token);
            await terminal.WaitForExitAsync(timeout.Token);
            return (terminal.ExitCode, output);
        }
        finally
        {
            if (!terminal.HasExited)
            {
                terminal.Kill(entireProcessTree: true);
            }
        }
    }
}
