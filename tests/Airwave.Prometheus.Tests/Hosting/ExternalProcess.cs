using System.Diagnostics;
using System.Text;

namespace Airwave.Prometheus.Tests.Hosting;

/// <summary>Runs a command line tool to completion.</summary>
internal static class ExternalProcess
{
    public static async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, string standardInput, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start");
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellationToken);
            process.StandardInput.Close();
            await process.WaitForExitAsync(cancellationToken);
            return new ProcessResult(process.ExitCode, await output, await error);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }
    }
}
