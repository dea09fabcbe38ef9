using System.Diagnostics;
using System.Globalization;

namespace Airwave.Sandbox.Aws.Media;

/// <summary>Signals the media pipelines' ffmpeg processes: TERM lets ffmpeg finish what it writes, KILL does not wait.</summary>
internal static class ProcessSignal
{
    public static void Send(Process process, string signal)
    {
        try
        {
            if (process.HasExited)
            {
                return;
            }

            // kill's own complaint, when the process ends between the check and the signal, is nobody's business.
            using var kill = Process.Start(new ProcessStartInfo("/bin/kill", ["-" + signal, process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false, RedirectStandardError = true });
            kill?.StandardError.ReadToEnd();
            kill?.WaitForExit();
        }
        catch (InvalidOperationException)
        {
            // It has exited already.
        }
    }
}
