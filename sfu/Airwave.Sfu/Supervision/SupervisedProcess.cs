using System.Diagnostics;
using Airwave.Media;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Airwave.Sfu.Supervision;

/// <summary>
/// A program the pod runs as this process's child (the media engine, the TURN server): its log lines become ours, and
/// when it exits on its own this process ends with a failure (the kubelet restarts the pod) naming its last line; on
/// SIGTERM it is asked to stop (SIGTERM) and killed only after the stop timeout.
/// </summary>
public sealed partial class SupervisedProcess(string name, ProcessStartInfo start, TimeSpan stopTimeout, IHostApplicationLifetime lifetime, ILogger logger) : BackgroundService
{
    private Process? _process;
    private volatile string _lastLine = "";

    /// <summary>What it is called in logs and health answers (janus, turnserver).</summary>
    public string Name => name;

    /// <summary>The child's process id, once started.</summary>
    public int? ProcessId => _process?.Id;

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Set when the child ended on its own or could not start: the exit code this process ends with.</summary>
    public int? FailedWith { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("no process");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            LogCannotStart(logger, name, start.FileName, e.Message);
            FailedWith = 1;
            lifetime.StopApplication();
            return;
        }

        _process.OutputDataReceived += (_, line) => Log(line.Data);
        _process.ErrorDataReceived += (_, line) => Log(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        LogStarted(logger, name, _process.Id);
        try
        {
            await _process.WaitForExitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        FailedWith = _process.ExitCode == 0 ? 1 : _process.ExitCode;
        LogExited(logger, name, _process.ExitCode, _lastLine);
        lifetime.StopApplication();
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        // SIGTERM lets the child end its sessions; it is killed if it takes longer than allowed.
        await ProcessStop.TerminateAsync(process, stopTimeout, cancellationToken);
        LogStopped(logger, name, process.ExitCode);
    }

    public override void Dispose()
    {
        _process?.Dispose();
        base.Dispose();
    }

    private void Log(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        _lastLine = line;
        LogLine(logger, name, line);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Name}: {Line}")]
    private static partial void LogLine(ILogger logger, string name, string line);

    [LoggerMessage(Level = LogLevel.Information, Message = "Started {Name} (process {Pid})")]
    private static partial void LogStarted(ILogger logger, string name, int pid);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Name} stopped (exit code {Code})")]
    private static partial void LogStopped(ILogger logger, string name, int code);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Name} exited on its own with code {Code}; its last line: {LastLine}")]
    private static partial void LogExited(ILogger logger, string name, int code, string lastLine);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Name} ({Path}) cannot be started: {Reason}")]
    private static partial void LogCannotStart(ILogger logger, string name, string path, string reason);
}
