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

        // kill's own complaint, when the child ends between the check and the signal, would only clutter the log.
        using (var signal = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false, RedirectStandardError = true })!)
        {
            await signal.StandardError.ReadToEndAsync(cancellationToken);
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
