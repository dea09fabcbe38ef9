using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Pods;

/// <summary>
/// One container of a running pod: its runs (a new log each), its restart count and its state, as
/// containerStatuses reports them.
/// </summary>
internal sealed class ContainerRunner(string name, string image, IReadOnlyList<string> argv, IReadOnlyDictionary<string, string> environment, string workingDirectory, TimeProvider time)
{
    private ContainerProcess? _process;

    public string Name { get; } = name;

    public ContainerLog? Current { get; private set; }

    public ContainerLog? Previous { get; private set; }

    public int RestartCount { get; private set; }

    public JsonObject? State { get; private set; }

    public JsonObject? LastState { get; private set; }

    public int? ExitCode { get; private set; }

    public bool IsRunning => _process is not null && !_process.Exited.IsCompleted;

    /// <summary>Starts a run; returns the task that completes when it ends.</summary>
    public Task<int> Start()
    {
        if (Current is not null)
        {
            Previous = Current;
            LastState = State?["terminated"] is not null ? State : LastState;
            RestartCount++;
        }

        Current = new ContainerLog();
        ExitCode = null;
        _process?.Dispose();
        _process = Executable(argv[0], environment) ? ContainerProcess.Start(argv, environment, workingDirectory, Current, time) : null;
        if (_process is null)
        {
            Current.Close();
            ExitCode = 128;
            var now = Timestamp(time.GetUtcNow());
            State = new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 128, ["reason"] = "StartError", ["message"] = $"exec: \"{argv[0]}\": executable file not found in $PATH", ["startedAt"] = now, ["finishedAt"] = now } };
            return Task.FromResult(128);
        }

        State = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Timestamp(_process.StartedAt) } };
        return Track(_process);
    }

    public void Signal(string signal) => _process?.Signal(signal);

    public JsonObject Status() => new()
    {
        ["name"] = Name,
        ["image"] = image,
        ["imageID"] = "",
        ["containerID"] = _process is null ? null : $"sandbox://{_process.Id}",
        ["ready"] = IsRunning,
        ["started"] = IsRunning,
        ["restartCount"] = RestartCount,
        ["state"] = State?.DeepClone() ?? new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ContainerCreating" } },
        ["lastState"] = LastState?.DeepClone() ?? new JsonObject(),
    };

    /// <summary>Waiting between runs, as the kubelet's CrashLoopBackOff.</summary>
    public void BackOff(TimeSpan delay)
    {
        LastState = State;
        State = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "CrashLoopBackOff", ["message"] = $"back-off {delay.TotalSeconds:0}s restarting failed container={Name}" } };
    }

    private async Task<int> Track(ContainerProcess process)
    {
        var code = await process.Exited;
        Current!.Close();
        ExitCode = code;
        State = new JsonObject
        {
            ["terminated"] = new JsonObject
            {
                ["exitCode"] = code,
                ["reason"] = code == 0 ? "Completed" : "Error",
                ["startedAt"] = Timestamp(process.StartedAt),
                ["finishedAt"] = Timestamp(time.GetUtcNow()),
                ["containerID"] = $"sandbox://{process.Id}",
            },
        };
        return code;
    }

    private static bool Executable(string program, IReadOnlyDictionary<string, string> environment) =>
        program.Contains('/', StringComparison.Ordinal)
            ? File.Exists(program)
            : (environment.GetValueOrDefault("PATH") ?? "").Split(':').Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, program)));

    internal static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
