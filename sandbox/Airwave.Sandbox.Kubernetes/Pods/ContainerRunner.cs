using System.Diagnostics;
using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Sandbox.Kubernetes.Streaming.Exec;

namespace Airwave.Sandbox.Kubernetes.Pods;

/// <summary>
/// One container of a running pod: its runs (a new log each), its restart count and its state, as
/// containerStatuses reports them.
/// </summary>
/// <remarks>With mounts, each run starts in a mount namespace of its own, where the mounts and the working directory are, and a UTS namespace with the pod's hostname; probes that exec enter them.</remarks>
internal sealed class ContainerRunner(JsonObject spec, IReadOnlyList<string> argv, IReadOnlyDictionary<string, string> environment, IReadOnlyList<ContainerMount> mounts, string workingDirectory, string hostname, string podAddress, TimeSpan gracePeriod, Action changed, TimeProvider time)
{
    private ContainerProcess? _process;
    private volatile bool _ready;

    public string Name { get; } = (string?)spec["name"] ?? "";

    /// <summary>Running, and passing its readiness probe if it has one.</summary>
    public bool Ready => IsRunning && (spec["readinessProbe"] is null || _ready);

    public ContainerLog? Current { get; private set; }

    public ContainerLog? Previous { get; private set; }

    public int RestartCount { get; private set; }

    public JsonObject? State { get; private set; }

    public JsonObject? LastState { get; private set; }

    public int? ExitCode { get; private set; }

    /// <summary>The most a container's mounts take to be set up before it counts as running anyway (they take milliseconds).</summary>
    private static readonly TimeSpan SetupWait = TimeSpan.FromSeconds(5);

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
        _process = Executable(argv[0]) ? Launch() : null;
        if (_process is null)
        {
            Current.Close();
            ExitCode = 128;
            var now = KubernetesTimeConverter.ToText(time.GetUtcNow());
            State = new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 128, ["reason"] = "StartError", ["message"] = $"exec: \"{argv[0]}\": executable file not found in $PATH", ["startedAt"] = now, ["finishedAt"] = now } };
            return Task.FromResult(128);
        }

        State = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = KubernetesTimeConverter.ToText(_process.StartedAt) } };
        _ready = false;
        var probes = new CancellationTokenSource();
        if (spec["readinessProbe"] is JsonObject readiness)
        {
            _ = ProbeAsync(new Probe(readiness, spec, environment, workingDirectory, podAddress, NamespacesOf(_process)), SetReady, probes.Token);
        }

        if (spec["livenessProbe"] is JsonObject liveness)
        {
            _ = ProbeAsync(new Probe(liveness, spec, environment, workingDirectory, podAddress, NamespacesOf(_process)), Kill, probes.Token);
        }

        return Track(_process, probes);
    }

    private ContainerProcess? Launch()
    {
        // With a tty the command runs on a terminal from the start, which needs its input open (nothing is written to it unless an attached client has stdin).
        var tty = (bool?)spec["tty"] == true;
        var command = tty ? TerminalCommand.Wrap(argv) : argv;
        var keepsStdin = tty || (bool?)spec["stdin"] == true;
        if (mounts.Count == 0)
        {
            Directory.CreateDirectory(workingDirectory);
            return ContainerProcess.Start(command, environment, workingDirectory, keepsStdin, Current!, time);
        }

        // The working directory may be inside a mount, which only exists in the container's namespace.
        var process = ContainerProcess.Start(ContainerMounts.Wrap(command, mounts, workingDirectory, hostname), environment, "/", keepsStdin, Current!, time);
        if (process is not null)
        {
            ContainerMounts.WaitForSetup(process.Id, SetupWait);
        }

        return process;
    }

    /// <summary>The running process, for clients that attach to it; null when the container is not running.</summary>
    public ContainerProcess? Running => _process is { } process && IsRunning ? process : null;

    private int? NamespacesOf(ContainerProcess process) => mounts.Count == 0 ? null : process.Id;

    /// <summary>How `kubectl exec` runs <paramref name="command"/> in this container; null when it is not running.</summary>
    public ProcessStartInfo? ExecStart(IReadOnlyList<string> command) =>
        _process is { } process && IsRunning ? ContainerCommand.StartInfo(command, environment, workingDirectory, NamespacesOf(process)) : null;

    private void SetReady(bool passed)
    {
        if (_ready != passed)
        {
            _ready = passed;
            changed();
        }
    }

    /// <summary>A failed liveness probe ends the run as the kubelet does: SIGTERM, and SIGKILL after the grace period.</summary>
    private void Kill(bool alive)
    {
        if (alive || _process is not { } process)
        {
            return;
        }

        process.Signal("TERM");
        _ = Task.Delay(gracePeriod, time).ContinueWith(_ => process.Signal("KILL"), TaskScheduler.Default);
    }

    /// <summary>Runs a probe every period; reports a pass after successThreshold passes and a failure after failureThreshold failures.</summary>
    private async Task ProbeAsync(Probe probe, Action<bool> report, CancellationToken ct)
    {
        try
        {
            await Task.Delay(probe.InitialDelay, time, ct);
            var passes = 0;
            var failures = 0;
            while (!ct.IsCancellationRequested)
            {
                if (await probe.CheckAsync(ct))
                {
                    failures = 0;
                    if (++passes >= probe.SuccessThreshold)
                    {
                        report(true);
                    }
                }
                else
                {
                    passes = 0;
                    if (++failures >= probe.FailureThreshold)
                    {
                        report(false);
                        failures = 0;
                    }
                }

                await Task.Delay(probe.Period, time, ct);
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended.
        }
    }

    public void Signal(string signal) => _process?.Signal(signal);

    /// <summary>containerStatuses' entry; before the first run, waiting for <paramref name="waitingReason"/>.</summary>
    public JsonObject Status(string waitingReason = "ContainerCreating") => new()
    {
        ["name"] = Name,
        ["image"] = (string?)spec["image"] ?? "",
        ["imageID"] = "",
        ["containerID"] = _process is null ? null : $"sandbox://{_process.Id}",
        ["ready"] = Ready,
        ["started"] = IsRunning,
        ["restartCount"] = RestartCount,
        ["state"] = State?.DeepClone() ?? new JsonObject { ["waiting"] = new JsonObject { ["reason"] = waitingReason } },
        ["lastState"] = LastState?.DeepClone() ?? new JsonObject(),
    };

    /// <summary>Waiting between runs, as the kubelet's CrashLoopBackOff.</summary>
    public void BackOff(TimeSpan delay)
    {
        LastState = State;
        State = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "CrashLoopBackOff", ["message"] = $"back-off {delay.TotalSeconds:0}s restarting failed container={Name}" } };
    }

    private async Task<int> Track(ContainerProcess process, CancellationTokenSource probes)
    {
        var code = await process.Exited;
        await probes.CancelAsync();
        probes.Dispose();
        _ready = false;
        Current!.Close();
        ExitCode = code;
        var terminated = new JsonObject
        {
            ["exitCode"] = code,
            ["reason"] = code == 0 ? "Completed" : "Error",
            ["startedAt"] = KubernetesTimeConverter.ToText(process.StartedAt),
            ["finishedAt"] = KubernetesTimeConverter.ToText(time.GetUtcNow()),
            ["containerID"] = $"sandbox://{process.Id}",
        };
        if (code != 0 && (string?)spec["terminationMessagePolicy"] == "FallbackToLogsOnError")
        {
            terminated["message"] = TerminationMessage(Current!);
        }

        State = new JsonObject { ["terminated"] = terminated };
        return code;
    }

    /// <summary>As the kubelet takes a failed run's message from its log: the last 80 lines, at most the last 2048 bytes of them.</summary>
    private static string TerminationMessage(ContainerLog log)
    {
        const int maxBytes = 2048;
        var text = string.Join('\n', log.Read(tail: 80, follow: false).Lines);
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        return bytes.Length <= maxBytes ? text : System.Text.Encoding.UTF8.GetString(bytes, bytes.Length - maxBytes, maxBytes);
    }

    /// <summary>Whether the program exists: on the PATH, or at its path unless only the container's mounts can tell.</summary>
    private bool Executable(string program) =>
        program.Contains('/', StringComparison.Ordinal)
            ? File.Exists(program) || ContainerMounts.Covers(mounts, program)
            : (environment.GetValueOrDefault("PATH") ?? "").Split(':').Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, program)));
}
