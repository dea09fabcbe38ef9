using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Airwave.Media;

/// <summary>
/// A program a pod runs as its child (a virtual display, a sound server, a browser): its log lines become the pod's
/// at the level given, the last one kept to say why it ended; disposing ends it (SIGTERM, then a kill after the
/// timeout) if it still runs.
/// </summary>
public sealed partial class ChildProcess : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly string _name;
    private readonly LogLevel _level;
    private readonly ILogger _logger;
    private readonly Action<string>? _output;
    private volatile string _lastLine = "";

    private ChildProcess(Process process, string name, LogLevel level, ILogger logger, Action<string>? output)
    {
        _process = process;
        _name = name;
        _level = level;
        _logger = logger;
        _output = output;
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Its last log line: why it ended, when it ended on its own.</summary>
    public string LastLine => _lastLine;

    /// <summary>
    /// Starts <paramref name="path"/> as <paramref name="name"/> (how logs call it) with the arguments and, added to
    /// this process's, the environment given; <paramref name="output"/> is handed its standard output's lines instead
    /// of the log.
    /// </summary>
    public static ChildProcess Start(string name, string path, IEnumerable<string> arguments, ILogger logger, LogLevel level = LogLevel.Debug, IReadOnlyDictionary<string, string>? environment = null, Action<string>? output = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{path} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{name} ({path}) cannot be started: {e.Message}", e);
        }

        var child = new ChildProcess(process, name, level, logger, output);
        process.OutputDataReceived += (_, line) => child.Take(line.Data, fromOutput: true);
        process.ErrorDataReceived += (_, line) => child.Take(line.Data, fromOutput: false);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await ProcessStop.TerminateAsync(_process, StopTimeout, CancellationToken.None);
        _process.Dispose();
    }

    private void Take(string? line, bool fromOutput)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        if (fromOutput && _output is not null)
        {
            _output(line);
            return;
        }

        _lastLine = line;
        LogLine(_logger, _level, _name, line);
    }

    [LoggerMessage(Message = "{Name}: {Line}")]
    private static partial void LogLine(ILogger logger, LogLevel level, string name, string line);
}
