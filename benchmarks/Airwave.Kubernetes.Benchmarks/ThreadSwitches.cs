using System.Globalization;

namespace Airwave.Kubernetes.Benchmarks;

/// <summary>
/// How often a process's threads have left the CPU, summed over its threads (Linux, /proc/PID/task/*/status):
/// voluntary when a thread waited (for data, a lock, a wake-up), involuntary when it was preempted or yielded while
/// spinning. Per watch event, it tells how many thread hand-offs and spins one event costs a runtime.
/// </summary>
internal sealed record ThreadSwitches(long Voluntary, long Involuntary)
{
    public static ThreadSwitches Read(int processId)
    {
        long voluntary = 0, involuntary = 0;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{processId}/task"))
        {
            try
            {
                foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                {
                    if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal))
                    {
                        voluntary += Count(line);
                    }
                    else if (line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                    {
                        involuntary += Count(line);
                    }
                }
            }
            catch (IOException)
            {
                // The thread ended while being read; its switches leave the sum, as they would a moment later.
            }
        }

        return new ThreadSwitches(voluntary, involuntary);
    }

    public static ThreadSwitches operator -(ThreadSwitches after, ThreadSwitches before) =>
        new(after.Voluntary - before.Voluntary, after.Involuntary - before.Involuntary);

    private static long Count(string line) => long.Parse(line.AsSpan(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim(), CultureInfo.InvariantCulture);
}
