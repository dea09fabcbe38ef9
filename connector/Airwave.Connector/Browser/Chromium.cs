using System.Globalization;
using Airwave.Connector.Hosting;
using Airwave.Media;
using Microsoft.Extensions.Logging;

namespace Airwave.Connector.Browser;

/// <summary>
/// The Chromium the connector joins its meeting in: a full-screen window (kiosk: no browser controls) on the virtual
/// display, playing to the connector's sound server, a profile of its own, and its DevTools endpoint on loopback
/// (found in the profile's DevToolsActivePort, so no port is guessed). Media plays without a gesture.
/// </summary>
public sealed partial class Chromium : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly ChildProcess _process;
    private readonly string _profile;

    private Chromium(ChildProcess process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>The browser's DevTools endpoint (ws://127.0.0.1:port/devtools/browser/id).</summary>
    public Uri DevToolsEndpoint { get; private set; } = null!;

    /// <summary>Its last log line: why it ended, when it ended on its own.</summary>
    public string LastLine => _process.LastLine;

    /// <param name="display">The X display to draw on (":99").</param>
    /// <param name="sound">The environment that points it at the sound server.</param>
    public static async Task<Chromium> StartAsync(ConnectorSettings settings, string display, IReadOnlyDictionary<string, string> sound, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var unsandboxed = await BrowserSandbox.UnavailableBecauseAsync(settings.UnsharePath, Environment.IsPrivilegedProcess, cancellationToken);
        if (unsandboxed is not null)
        {
            LogUnsandboxed(logger, unsandboxed);
        }

        var profile = settings.NewWorkFolder("airwave-browser-");
        var process = ChildProcess.Start(
            settings.ChromiumPath,
            [
                .. unsandboxed is null ? Array.Empty<string>() : ["--no-sandbox"],
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--kiosk",
                "--window-position=0,0",
                string.Create(CultureInfo.InvariantCulture, $"--window-size={settings.Width},{settings.Height}"),
                "--autoplay-policy=no-user-gesture-required",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                $"--user-data-dir={profile}",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-features=Translate,MediaRouter",
                "--password-store=basic",
                "about:blank",
            ],
            new ChildProcess.Options("chromium") { Level = LogLevel.Debug, Environment = new Dictionary<string, string>(sound) { ["DISPLAY"] = display } },
            logger);
        var chromium = new Chromium(process, profile);
        try
        {
            chromium.DevToolsEndpoint = await chromium.WaitForEndpointAsync(cancellationToken);
            return chromium;
        }
        catch
        {
            await chromium.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // A file the browser still wrote while it ended; the folder is a temporary one.
        }
    }

    // The browser writes its port and path there once it listens: "9222\n/devtools/browser/<id>".
    private async Task<Uri> WaitForEndpointAsync(CancellationToken cancellationToken)
    {
        var file = Path.Combine(_profile, "DevToolsActivePort");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new DevToolsException($"the browser ended as it started (exit code {_process.ExitCode}): {_process.LastLine}");
            }

            if (File.Exists(file) && (await File.ReadAllLinesAsync(file, cancellationToken)) is [var port, var path, ..] && port.Length > 0 && path.Length > 0)
            {
                return new Uri($"ws://127.0.0.1:{port}{path}");
            }

            try
            {
                await Task.Delay(100, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new DevToolsException($"the browser did not open its DevTools endpoint within {StartTimeout.TotalSeconds} s: {_process.LastLine}");
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chromium runs without its sandbox: {Reason}; the pod's restrictions are the only wall between the meeting page and the pod")]
    private static partial void LogUnsandboxed(ILogger logger, string reason);
}
