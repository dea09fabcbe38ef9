using System.Globalization;

namespace Airwave.Sfu.Benchmarks;

/// <summary>CPU time of processes, as the kernel counts it (/proc/PID/stat).</summary>
public static class ProcessCpu
{
    // /proc reports in USER_HZ, which Linux fixes at 100 a second whatever the kernel's tick.
    private const double TicksPerSecond = 100;

    /// <summary>User and system time the processes have used, in seconds.</summary>
    public static double Seconds(IEnumerable<int> pids) => pids.Sum(pid => Stat(pid) is { } f ? (f.UserTicks + f.SystemTicks) / TicksPerSecond : 0);

    /// <summary>The process's children named <paramref name="command"/> (as /proc/PID/comm shows it).</summary>
    public static IReadOnlyList<int> Children(int parent, string command) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Select(name => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0 && Stat(pid) is { } f && f.Parent == parent && f.Command == command)];

    private static (string Command, int Parent, long UserTicks, long SystemTicks)? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (IOException)
        {
            return null; // gone
        }

        // The command is in parentheses and may hold spaces; the fields after it are space-separated.
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = text.LastIndexOf(')');
        var fields = text[(close + 2)..].Split(' ');
        return (text[(open + 1)..close], int.Parse(fields[1], CultureInfo.InvariantCulture), long.Parse(fields[11], CultureInfo.InvariantCulture), long.Parse(fields[12], CultureInfo.InvariantCulture));
    }
}
