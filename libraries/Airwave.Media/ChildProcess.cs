using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Airwave.Media;

/// <summary>
/// A program a pod runs as its child (a media engine, ffmpeg, a virtual display, a browser): its log lines become the
/// pod's at the level given (redacted when told), the last one kept to say why it ended; stopping it sends SIGTERM, so
/// that it ends its sessions or finishes its output, and kills it after the stop timeout. Disposing stops it.
/// </summary>
public sealed partial class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Options _options;
    private readonly ILogger _logger;
    /// <summary>How long, once it has ended, its last words may take to arrive through the pipes.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string _lastLine = "";
    private int _openStreams = 2;
    private int _disposed;

    private ChildProcess(Process process, Options options, ILogger logger)
    {
        _process = process;
        _options = options;
        _logger = logger;
    }

    /// <summary>Its process id.</summary>
    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Its last log line (redacted) so far.</summary>
    public string LastLine => _lastLine;

    /// <summary>
    /// Why it ended, once it has: its last log line after everything it wrote has been read. The exit is seen before
    /// the pipes are read to their end, so <see cref="LastLine"/> read at once may still be an earlier line.
    /// </summary>
    public async Task<string> LastWordsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _drained.Task.WaitAsync(DrainTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            // A grandchild holding the pipes open: what was read by now is all there is.
        }

        return _lastLine;
    }

    /// <summary>Starts <paramref name="path"/> as <paramref name="options"/>' name says (how logs call it).</summary>
    /// <exception cref="InvalidOperationException">It cannot be started (not installed, say); the message says so.</exception>
    public static ChildProcess Start(string path, IEnumerable<string> arguments, Options options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(options);
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

        foreach (var (key, value) in options.Environment ?? new Dictionary<string, string>())
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
            throw new InvalidOperationException($"{options.Name} ({path}) cannot be started: {e.Message}", e);
        }

        var child = new ChildProcess(process, options, logger);
        process.OutputDataReceived += (_, line) => child.Take(line.Data, fromOutput: true);
        process.ErrorDataReceived += (_, line) => child.Take(line.Data, fromOutput: false);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>SIGTERM, and a kill once the stop timeout passed; returns once it has ended.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => ProcessStop.TerminateAsync(_process, _options.StopTimeout, cancellationToken);

    /// <summary>Stops it and lets its process go; again, it does nothing (its owner may be disposed twice, as a service registered under two types is).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopAsync(CancellationToken.None);
        _process.Dispose();
    }

    private void Take(string? line, bool fromOutput)
    {
        if (line is null)
        {
            // The end of one of its pipes.
            if (Interlocked.Decrement(ref _openStreams) == 0)
            {
                _drained.TrySetResult();
            }

            return;
        }

        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        if (fromOutput && _options.Output is { } output)
        {
            output(line);
            return;
        }

        var shown = _options.Redact?.Invoke(line) ?? line;
        _lastLine = shown;
        LogLine(_logger, _options.Level, _options.Name, shown);
    }

    [LoggerMessage(Message = "{Name}: {Line}")]
    private static partial void LogLine(ILogger logger, LogLevel level, string name, string line);

    /// <summary>How a child is run and what becomes of its output.</summary>
    /// <param name="Name">What logs call it (janus, ffmpeg, chromium).</param>
    public sealed record Options(string Name)
    {
        /// <summary>The level its log lines are logged at.</summary>
        public LogLevel Level { get; init; } = LogLevel.Information;

        /// <summary>Added to this process's environment.</summary>
        public IReadOnlyDictionary<string, string>? Environment { get; init; }

        /// <summary>Given its standard output's lines instead of the log (a progress report, a display number).</summary>
        public Action<string>? Output { get; init; }

        /// <summary>What is left out of a line before it is logged (a stream key).</summary>
        public Func<string, string>? Redact { get; init; }

        /// <summary>How long it has to end after SIGTERM before it is killed.</summary>
        public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(5);
    }
}
