using System.Globalization;
using Airwave.Connector.Hosting;
using Airwave.Media;
using Microsoft.Extensions.Logging;

namespace Airwave.Connector.Display;

/// <summary>
/// The X display the browser draws the meeting on and ffmpeg grabs it from: an Xvfb of the settings' size, on a free
/// display number it picks itself (-displayfd), so that connectors sharing a machine do not collide.
/// </summary>
public sealed class VirtualDisplay : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly ChildProcess _process;

    private VirtualDisplay(ChildProcess process, string name)
    {
        _process = process;
        Name = name;
    }

    /// <summary>The display as DISPLAY and ffmpeg's x11grab name it (":99").</summary>
    public string Name { get; }

    public static async Task<VirtualDisplay> StartAsync(ConnectorSettings settings, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var number = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = ChildProcess.Start(
            settings.XvfbPath,
            ["-displayfd", "1", "-screen", "0", string.Create(CultureInfo.InvariantCulture, $"{settings.Width}x{settings.Height}x24"), "-nolisten", "tcp"],
            new ChildProcess.Options("Xvfb") { Level = LogLevel.Debug, Output = line => number.TrySetResult(line.Trim()) },
            logger);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StartTimeout);
            var exited = process.WaitForExitAsync(timeout.Token);
            if (await Task.WhenAny(number.Task, exited) != number.Task)
            {
                throw new InvalidOperationException(process.HasExited
                    ? $"the virtual display (Xvfb) ended as it started: {process.LastLine}"
                    : $"the virtual display (Xvfb) did not start within {StartTimeout.TotalSeconds} s");
            }

            return new VirtualDisplay(process, ":" + await number.Task);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
