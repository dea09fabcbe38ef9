using System.Diagnostics;
using System.Globalization;

namespace Airwave.Benchmarking;

/// <summary>A server the benchmark starts, in a process of its own so its memory and CPU can be read; disposing kills it by its PID.</summary>
public sealed class ServerProcess : IDisposable
{
    /// <summary>USER_HZ, the unit of /proc's CPU times: 100 on Linux for every architecture .NET runs on.</summary>
    private const int ClockTicksPerSecond = 100;

    private readonly Process _process;

    private ServerProcess(Process process) => _process = process;

    /// <summary>Starts the command and waits (at most a minute) for a line of its output that <paramref name="ready"/> accepts.</summary>
    public static async Task<(ServerProcess Server, string Line)> StartAsync(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, Func<string, bool> ready, string workingDirectory)
    {
        var (server, process) = Launch(fileName, arguments, environment, workingDirectory);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (ready(line))
            {
                // Keep reading so a full pipe never blocks the server.
                _ = process.StandardOutput.ReadToEndAsync();
                return (server, line);
            }
        }

        server.Dispose();
        throw new InvalidOperationException($"{fileName} ended before it was ready (exit code {process.ExitCode})");
    }

    /// <summary>Starts the command and returns at once; its output is read and dropped.</summary>
    public static ServerProcess Start(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        var (server, process) = Launch(fileName, arguments, environment, workingDirectory);
        _ = process.StandardOutput.ReadToEndAsync();
        return server;
    }

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    private static (ServerProcess Server, Process Process) Launch(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start");
        _ = process.StandardError.ReadToEndAsync();
        return (new ServerProcess(process), process);
    }

    /// <summary>The process's resident memory (VmRSS), in bytes.</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException("no VmRSS");
    }

    /// <summary>The CPU time the process has used, user and system (utime and stime of /proc/PID/stat).</summary>
    public TimeSpan CpuTime()
    {
        // The command name, in parentheses, may hold spaces: the fields are counted from after its closing one.
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / (double)ClockTicksPerSecond);
    }

    /// <summary>Sends SIGTERM, as the kubelet does to stop a pod's container, and waits (at most a minute) for the exit.</summary>
    public async Task TerminateAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>Sends SIGKILL, as a node that is lost or an OOM kill ends a container: no shutdown code runs.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }
}
