using System.Diagnostics;

namespace Airwave.Sandbox.Aws.Media;

/// <summary>Runs a short media tool (ffprobe, a one-frame ffmpeg) and takes what it writes to its output.</summary>
internal static class ProcessOutput
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>The program's standard output; empty when it failed or took longer than 30 s (it is killed then).</summary>
    public static async Task<byte[]> RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        using var output = new MemoryStream();
        try
        {
            var copied = process.StandardOutput.BaseStream.CopyToAsync(output, timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            await copied;
            await errors;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            return [];
        }

        return process.ExitCode == 0 ? output.ToArray() : [];
    }
}
