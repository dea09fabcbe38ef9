using Microsoft.Extensions.Logging;

namespace Airwave.Sandbox;

/// <summary>How the sandbox's services log in a terminal.</summary>
internal static class SandboxLogging
{
    /// <summary>
    /// Standard output carries the ready banner; the services' logs go to standard error, one line per message (time,
    /// level, category, message) rather than the JSON lines they write in a pod, for people watching a terminal.
    /// </summary>
    public static void Readable(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
    }
}
