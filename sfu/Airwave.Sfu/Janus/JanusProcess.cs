using System.Diagnostics;
using Airwave.Sfu.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Airwave.Sfu.Janus;

/// <summary>
/// Runs the engine as this process's child: its log lines become ours, and when it exits on its own this process ends
/// with a failure (the kubelet restarts the pod) naming its last line; on SIGTERM it is asked to stop (SIGTERM) and
/// killed only after <see cref="SfuSettings.StopTimeout"/>.
/// </summary>
public sealed partial class JanusProcess(SfuSettings settings, IHostApplicationLifetime lifetime, ILogger<JanusProcess> logger) : BackgroundService
{
    private Process? _process;
    private volatile string _lastLine = "";

    /// <summary>The engine's process id, once started.</summary>
    public int? ProcessId => _process?.Id;

    /// <summary>Whether the engine is running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Set when the engine ended on its own: the exit code this process ends with.</summary>
    public int? FailedWith { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var start = new ProcessStartInfo(settings.JanusPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--configs-folder", settings.ConfigFolder, "--disable-colors"])
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("no process");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            LogCannotStart(logger, settings.JanusPath, e.Message);
            FailedWith = 1;
            lifetime.StopApplication();
            return;
        }

        _process.OutputDataReceived += (_, line) => Log(line.Data);
        _process.ErrorDataReceived += (_, line) => Log(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        LogStarted(logger, _process.Id);
        try
        {
            await _process.WaitForExitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        FailedWith = _process.ExitCode == 0 ? 1 : _process.ExitCode;
        LogExited(logger, _process.ExitCode, _lastLine);
        lifetime.StopApplication();
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        // SIGTERM lets the engine hang up its peer connections; it is killed if it takes longer than allowed.
        using var signal = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await signal.WaitForExitAsync(cancellationToken);
        using var timeout = new CancellationTokenSource(settings.StopTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }

        LogStopped(logger, process.ExitCode);
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
        LogEngine(logger, line);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "janus: {Line}")]
    private static partial void LogEngine(ILogger logger, string line);

    [LoggerMessage(Level = LogLevel.Information, Message = "Started the media engine (janus, process {Pid})")]
    private static partial void LogStarted(ILogger logger, int pid);

    [LoggerMessage(Level = LogLevel.Information, Message = "The media engine stopped (exit code {Code})")]
    private static partial void LogStopped(ILogger logger, int code);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The media engine exited on its own with code {Code}; its last line: {LastLine}")]
    private static partial void LogExited(ILogger logger, int code, string lastLine);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The media engine {Path} cannot be started: {Reason}")]
    private static partial void LogCannotStart(ILogger logger, string path, string reason);
}
