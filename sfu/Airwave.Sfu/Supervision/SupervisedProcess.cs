using Airwave.Media;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Airwave.Sfu.Supervision;

/// <summary>
/// A program the pod runs as this process's child (the media engine, the TURN server): its log lines become ours, and
/// when it exits on its own this process ends with a failure (the kubelet restarts the pod) naming its last line; on
/// SIGTERM it is asked to stop (SIGTERM) and killed only after the stop timeout.
/// </summary>
public sealed partial class SupervisedProcess(string name, string path, IReadOnlyList<string> arguments, TimeSpan stopTimeout, IHostApplicationLifetime lifetime, ILogger logger)
    : BackgroundService, IAsyncDisposable
{
    private ChildProcess? _child;

    /// <summary>What it is called in logs and health answers (janus, turnserver).</summary>
    public string Name => name;

    /// <summary>The child's process id, once started.</summary>
    public int? ProcessId => _child?.Id;

    public bool IsRunning => _child is { HasExited: false };

    /// <summary>Set when the child ended on its own or could not start: the exit code this process ends with.</summary>
    public int? FailedWith { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            _child = ChildProcess.Start(path, arguments, new ChildProcess.Options(name) { StopTimeout = stopTimeout }, logger);
        }
        catch (InvalidOperationException e)
        {
            LogCannotStart(logger, e.Message);
            FailedWith = 1;
            lifetime.StopApplication();
            return;
        }

        LogStarted(logger, name, _child.Id);
        try
        {
            await _child.WaitForExitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        FailedWith = _child.ExitCode == 0 ? 1 : _child.ExitCode;
        LogExited(logger, name, _child.ExitCode, _child.LastLine);
        lifetime.StopApplication();
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_child is not { HasExited: false } child)
        {
            return;
        }

        // SIGTERM lets the child end its sessions; it is killed if it takes longer than allowed.
        await child.StopAsync(cancellationToken);
        LogStopped(logger, name, child.ExitCode);
    }

    public async ValueTask DisposeAsync()
    {
        if (_child is not null)
        {
            await _child.DisposeAsync();
        }

        Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Started {Name} (process {Pid})")]
    private static partial void LogStarted(ILogger logger, string name, int pid);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Name} stopped (exit code {Code})")]
    private static partial void LogStopped(ILogger logger, string name, int code);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Name} exited on its own with code {Code}; its last line: {LastLine}")]
    private static partial void LogExited(ILogger logger, string name, int code, string lastLine);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Reason}")]
    private static partial void LogCannotStart(ILogger logger, string reason);
}
