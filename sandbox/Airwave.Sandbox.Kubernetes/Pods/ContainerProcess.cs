using System.Diagnostics;
using System.Globalization;

namespace Airwave.Sandbox.Kubernetes.Pods;

/// <summary>
/// One run of a container: a local process in a session (and process group) of its own, so that signals reach
/// everything it started, with stdout and stderr going to its <see cref="ContainerLog"/>.
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

    private ContainerProcess(Process process, DateTimeOffset startedAt)
    {
        _process = process;
        StartedAt = startedAt;
        Exited = WaitAsync();
    }

    public DateTimeOffset StartedAt { get; }

    /// <summary>Completes with the exit code (128 + signal when a signal ended it, as container runtimes report).</summary>
    public Task<int> Exited { get; }

    public int Id => _process.Id;

    /// <summary>Starts <paramref name="argv"/> (argv[0] found on the PATH of <paramref name="environment"/>), or returns null when it cannot.</summary>
    public static ContainerProcess? Start(IReadOnlyList<string> argv, IReadOnlyDictionary<string, string> environment, string workingDirectory, ContainerLog log, TimeProvider time)
    {
        var start = new ProcessStartInfo("/usr/bin/setsid", ["/usr/bin/nice", "-n", Niceness])
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
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        if (!process.Start())
        {
            process.Dispose();
            return null;
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ContainerProcess(process, time.GetUtcNow());

        void Append(string? line)
        {
            if (line is not null)
            {
                log.Append(time.GetUtcNow(), line);
            }
        }
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

    private async Task<int> WaitAsync()
    {
        await _process.WaitForExitAsync();

        // Let the output readers reach the end of both streams before the run counts as over.
        _process.WaitForExit();
        return _process.ExitCode;
    }
}
