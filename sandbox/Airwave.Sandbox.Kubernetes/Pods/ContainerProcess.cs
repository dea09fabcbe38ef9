using System.Diagnostics;
using System.Globalization;

namespace Airwave.Sandbox.Kubernetes.Pods;

/// <summary>
/// One run of a container: a local process in a session (and process group) of its own, so that signals reach
/// everything it started, with stdout and stderr going to its <see cref="ContainerLog"/> and to clients attached to
/// its <see cref="Output"/>.
/// </summary>
internal sealed class ContainerProcess : IDisposable
{
    /// <summary>
    /// The niceness containers run at. In a cluster, pods run on nodes whose reserved CPU keeps the kubelet and the
    /// control plane responsive however busy the pods are; here they share the machine with the API server, and a few
    /// browsers or encoders at full priority could starve it until clients time out.
    /// </summary>
    private const string Niceness = "10";

    private readonly Process _process;
    private readonly Task _pumping;

    private ContainerProcess(Process process, DateTimeOffset startedAt, bool keepsStdin, ContainerLog log, TimeProvider time)
    {
        _process = process;
        StartedAt = startedAt;
        Stdin = keepsStdin ? process.StandardInput.BaseStream : null;
        _pumping = Output.PumpAsync(process.StandardOutput.BaseStream, process.StandardError.BaseStream, line => log.Append(time.GetUtcNow(), line));
        Exited = WaitAsync();
    }

    /// <summary>What the container writes, for clients that attach.</summary>
    public ContainerOutput Output { get; } = new();

    /// <summary>The container's stdin, kept open for clients that attach when its spec says <c>stdin: true</c>; else null (closed at start).</summary>
    public Stream? Stdin { get; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>Completes with the exit code (128 + signal when a signal ended it, as container runtimes report).</summary>
    public Task<int> Exited { get; }

    public int Id => _process.Id;

    /// <summary>The programs every container's command is started through (a process group of its own, a lower priority), each exec-ing the next.</summary>
    internal const string Setsid = "/usr/bin/setsid";

    /// <inheritdoc cref="Setsid"/>
    internal const string Nice = "/usr/bin/nice";

    /// <summary>Starts <paramref name="argv"/> (argv[0] found on the PATH of <paramref name="environment"/>), or returns null when it cannot.</summary>
    public static ContainerProcess? Start(IReadOnlyList<string> argv, IReadOnlyDictionary<string, string> environment, string workingDirectory, bool keepsStdin, ContainerLog log, TimeProvider time)
    {
        var start = new ProcessStartInfo(Setsid, [Nice, "-n", Niceness])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        foreach (var argument in argv)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        if (!process.Start())
        {
            process.Dispose();
            return null;
        }

        if (!keepsStdin)
        {
            process.StandardInput.Close();
        }

        return new ContainerProcess(process, time.GetUtcNow(), keepsStdin, log, time);
    }

    /// <summary>Sends a signal (TERM, KILL) to the container's whole process group.</summary>
    public void Signal(string signal)
    {
        if (_process.HasExited)
        {
            return;
        }

        using var kill = Process.Start(new ProcessStartInfo("/bin/kill", ["-" + signal, "--", "-" + _process.Id.ToString(CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
        });
        kill?.WaitForExit();
    }

    public void Dispose() => _process.Dispose();

    /// <summary>Ends the container's stdin (a client with stdinOnce detached).</summary>
    public void CloseStdin()
    {
        try
        {
            Stdin?.Close();
        }
        catch (IOException)
        {
            // The container has ended.
        }
    }

    private async Task<int> WaitAsync()
    {
        await _process.WaitForExitAsync();

        // The run is over once everything it wrote has been read, up to the end of both streams.
        await _pumping;
        return _process.ExitCode;
    }
}
