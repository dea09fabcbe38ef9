using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace Airwave.Testing;

/// <summary>A child process whose output lines can be awaited one by one; disposing kills it (by its own PID) if still running.</summary>
public sealed class RunningProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _stderr = new();

    private RunningProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _lines.Writer.TryComplete();
            }
            else
            {
                _lines.Writer.TryWrite(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <param name="environment">Added to this process's environment, or the whole environment when <paramref name="inheritEnvironment"/> is false.</param>
    /// <param name="standardInput">Gives the process a standard input that stays open until <see cref="CloseStandardInput"/>.</param>
    public static RunningProcess Start(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, bool inheritEnvironment = true, bool standardInput = false)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (!inheritEnvironment)
        {
            info.Environment.Clear();
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        var running = new RunningProcess(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    /// <summary>The next line of standard output; fails when the process ends first or the timeout passes.</summary>
    public async Task<string> ReadLineAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await _lines.Reader.ReadAsync(cts.Token);
        }
        catch (ChannelClosedException e)
        {
            // The process ended: waiting for it also waits for the rest of its stderr to be read.
            await _process.WaitForExitAsync();
            throw new InvalidOperationException($"the process exited ({_process.ExitCode}) before writing another line; stderr:\n{StandardError}", e);
        }
        catch (OperationCanceledException e)
        {
            throw new TimeoutException($"no output line within {timeout}; stderr:\n{StandardError}", e);
        }
    }

    /// <summary>The standard output lines written so far and not read yet.</summary>
    public IReadOnlyList<string> ReadAvailableLines()
    {
        var lines = new List<string>();
        while (_lines.Reader.TryRead(out var line))
        {
            lines.Add(line);
        }

        return lines;
    }

    /// <summary>Reads lines until one satisfies <paramref name="match"/>, returning all lines read.</summary>
    public async Task<IReadOnlyList<string>> ReadUntilAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var lines = new List<string>();
        while (true)
        {
            var remaining = deadline - DateTime.UtcNow;
            var line = await ReadLineAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
            lines.Add(line);
            if (match(line))
            {
                return lines;
            }
        }
    }

    /// <summary>Ends the process's standard input (started with <c>standardInput</c>): it reads end of file.</summary>
    public void CloseStandardInput() => _process.StandardInput.Close();

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
