using System.Diagnostics;
using System.Globalization;

namespace Airwave.Signaling.Benchmarks;

/// <summary>A server the benchmark starts, in a process of its own so its memory can be read; disposing kills it by its PID.</summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process) => _process = process;

    /// <summary>Starts the command and waits (at most a minute) for a line of its output that <paramref name="ready"/> accepts.</summary>
    public static async Task<(ServerProcess Server, string Line)> StartAsync(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, Func<string, bool> ready, string workingDirectory)
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
        var server = new ServerProcess(process);
        _ = process.StandardError.ReadToEndAsync();
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
