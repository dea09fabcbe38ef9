using System.Diagnostics;
using System.Globalization;

namespace Airwave.Media;

/// <summary>How the pod ends a child: SIGTERM, so that it ends its sessions or finishes its output, and a kill after the timeout.</summary>
public static class ProcessStop
{
    public static async Task TerminateAsync(Process process, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (process.HasExited)
        {
            return;
        }

        using (var signal = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await signal.WaitForExitAsync(cancellationToken);
        }

        using var stopped = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(stopped.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }
}
