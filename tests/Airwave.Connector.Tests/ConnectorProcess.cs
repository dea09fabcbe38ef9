using System.Diagnostics;
using System.Globalization;
using Airwave.Sandbox;
using Airwave.Sandbox.Aws;

namespace Airwave.Connector.Tests;

/// <summary>
/// The connector's process (<see cref="ProgramBuild.Connector"/>: in CI the native build its image ships) on a port of
/// its own, and what it logged.
/// </summary>
public sealed class ConnectorProcess : IAsyncDisposable
{
    private readonly RunningProcess _process;
    private readonly List<string> _lines = [];

    private ConnectorProcess(RunningProcess process, int port)
    {
        _process = process;
        Health = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"), Timeout = TimeSpan.FromSeconds(5) };
    }

    /// <summary>/healthz and /readyz.</summary>
    public HttpClient Health { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>What it logged so far: the message of each JSON line on standard output, then standard error.</summary>
    public string Log => string.Join('\n', _lines.Select(Message)) + "\n" + _process.StandardError;

    public static ConnectorProcess Start(Uri meeting, string? push, IReadOnlyDictionary<string, string>? more = null)
    {
        var port = LoopbackPorts.Reserve();
        var environment = new Dictionary<string, string>
        {
            ["CONNECTOR_MEETING_URL"] = meeting.ToString(),
            ["AIRWAVE_Connector__Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["AIRWAVE_Connector__BindAddress"] = "127.0.0.1",
            ["AIRWAVE_Connector__JoinTimeout"] = "60s",
        };
        if (push is not null)
        {
            environment["CONNECTOR_PUSH_URL"] = push;
        }

        foreach (var (key, value) in more ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return new ConnectorProcess(RunningProcess.Start(ProgramBuild.Connector.Program, [], environment), port);
    }

    /// <summary>Waits for /readyz to answer 200: the meeting's media flows.</summary>
    public Task WaitReadyAsync(TimeSpan timeout) => Eventually.MatchAsync(
        async () =>
        {
            Collect();
            if (_process.HasExited)
            {
                return $"exited ({_process.ExitCode}): {Log}";
            }

            try
            {
                using var response = await Health.GetAsync(new Uri("readyz", UriKind.Relative));
                return response.IsSuccessStatusCode ? "ready" : await response.Content.ReadAsStringAsync();
            }
            catch (HttpRequestException e)
            {
                return e.Message;
            }
        },
        answer => answer == "ready",
        timeout,
        "the connector ready");

    /// <summary>Waits for the log to hold <paramref name="text"/>.</summary>
    public Task WaitForLogAsync(string text, TimeSpan timeout) => Eventually.MatchAsync(
        () =>
        {
            Collect();
            return Task.FromResult(Log);
        },
        log => log.Contains(text, StringComparison.Ordinal),
        timeout,
        $"the connector's log saying \"{text}\"");

    /// <summary>Sends SIGTERM, as the kubelet does to stop a pod, and waits for the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var signal = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await signal.WaitForExitAsync();
        }

        return await WaitForExitAsync(timeout);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        var code = await _process.WaitForExitAsync(timeout);
        Collect();
        return code;
    }

    public async ValueTask DisposeAsync()
    {
        Health.Dispose();
        await _process.DisposeAsync();
    }

    private void Collect() => _lines.AddRange(_process.ReadAvailableLines());

    private static string Message(string line)
    {
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(line) is System.Text.Json.Nodes.JsonObject entry
                ? $"{(string?)entry["LogLevel"]}: {(string?)entry["Message"]}{(entry["Exception"] is { } e ? " " + e : "")}"
                : line;
        }
        catch (System.Text.Json.JsonException)
        {
            return line;
        }
    }
}
