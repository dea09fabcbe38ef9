using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Sandbox.Kubernetes.Rest;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Pods;

/// <summary>
/// Runs one pod to its end, as the kubelet does: resolves images and environments (waiting with ErrImagePull or
/// CreateContainerConfigError while it cannot), starts every container, restarts them as spec.restartPolicy
/// says with a growing back-off, and reports phase, conditions and containerStatuses in the pod's status. When
/// the pod is deleted its processes get SIGTERM, and SIGKILL after terminationGracePeriodSeconds.
/// </summary>
internal sealed class PodWorker(ResourceService service, StoredObject pod, ContainerEnvironment environments, KubeletOptions options, TimeProvider time)
{
    private readonly JsonObject _pod = pod.ToJson();
    private readonly List<ContainerRunner> _containers = [];
    private string? _startTime;

    public StoredObject Pod { get; } = pod;

    public IReadOnlyList<ContainerRunner> Containers => _containers;

    public async Task RunAsync(CancellationToken deleted)
    {
        _startTime = KubernetesTimeConverter.ToText(time.GetUtcNow());
        try
        {
            if (!await PrepareAsync(deleted))
            {
                return;
            }

            await RunContainersAsync(deleted);
        }
        catch (OperationCanceledException) when (deleted.IsCancellationRequested)
        {
            await TerminateAsync();
        }
    }

    /// <summary>Creates the containers; false when the pod was deleted before they could be.</summary>
    private async Task<bool> PrepareAsync(CancellationToken deleted)
    {
        var specs = (_pod["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var directory = Path.Combine(options.PodsDirectory, Pod.Uid);
        while (true)
        {
            var waiting = new List<(string Name, string Reason, string Message)>();
            _containers.Clear();
            foreach (var container in specs)
            {
                var name = (string?)container["name"] ?? "";
                var image = (string?)container["image"] ?? "";
                if (options.Images.Resolve(image) is not { } entry)
                {
                    waiting.Add((name, "ErrImagePull", $"image \"{image}\" is not in the sandbox's image map: the sandbox runs containers as local programs; map the image to one with --image-map FILE"));
                    continue;
                }

                var (variables, problem) = environments.Build(_pod, container);
                if (variables is null)
                {
                    waiting.Add((name, "CreateContainerConfigError", problem!));
                    continue;
                }

                var argv = Argv(container, entry, variables);
                if (argv.Count == 0)
                {
                    waiting.Add((name, "CreateContainerError", $"image \"{image}\" has no default command and the container names none"));
                    continue;
                }

                var workingDirectory = (string?)container["workingDir"] is { } dir && Directory.Exists(dir) ? dir : Path.Combine(directory, name);
                Directory.CreateDirectory(workingDirectory);
                var grace = TimeSpan.FromSeconds((int?)_pod["spec"]?["terminationGracePeriodSeconds"] ?? 30);
                _containers.Add(new ContainerRunner(container, argv, variables, workingDirectory, grace, Report, time));
            }

            if (waiting.Count == 0)
            {
                return true;
            }

            WriteStatus("Pending", waiting.Select(w => new JsonObject
            {
                ["name"] = w.Name,
                ["image"] = (string?)specs.First(c => (string?)c["name"] == w.Name)["image"],
                ["imageID"] = "",
                ["ready"] = false,
                ["started"] = false,
                ["restartCount"] = 0,
                ["state"] = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = w.Reason, ["message"] = w.Message } },
                ["lastState"] = new JsonObject(),
            }));

            // A Secret or ConfigMap may be created later, as the kubelet retries.
            await Task.Delay(TimeSpan.FromSeconds(2), time, deleted);
        }
    }

    private async Task RunContainersAsync(CancellationToken deleted)
    {
        var policy = (string?)_pod["spec"]?["restartPolicy"] ?? "Always";
        var runs = _containers.ToDictionary(c => c, c => c.Start());
        var delays = _containers.ToDictionary(c => c, _ => options.RestartDelay);
        Report();
        while (runs.Count > 0)
        {
            var ended = await Task.WhenAny(runs.Values).WaitAsync(deleted);
            var container = runs.First(r => r.Value == ended).Key;
            runs.Remove(container);
            var restart = policy == "Always" || (policy == "OnFailure" && ended.Result != 0);
            if (!restart)
            {
                Report();
                continue;
            }

            var delay = delays[container];
            delays[container] = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxRestartDelay.Ticks));
            container.BackOff(delay);
            Report();
            await Task.Delay(delay, time, deleted);
            runs[container] = container.Start();
            Report();
        }
    }

    private async Task TerminateAsync()
    {
        var running = _containers.Where(c => c.IsRunning).ToList();
        foreach (var container in running)
        {
            container.Signal("TERM");
        }

        var grace = TimeSpan.FromSeconds((int?)_pod["spec"]?["terminationGracePeriodSeconds"] ?? 30);
        var deadline = time.GetUtcNow() + grace;
        while (running.Any(c => c.IsRunning) && time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), time);
        }

        foreach (var container in running.Where(c => c.IsRunning))
        {
            container.Signal("KILL");
        }
    }

    /// <summary>Phase and conditions from the containers' states, as the kubelet computes them.</summary>
    private void Report()
    {
        // Probes report from their own tasks.
        lock (_containers)
        {
            var statuses = _containers.Select(c => c.Status()).ToList();
            var terminated = _containers.All(c => !c.IsRunning && c.ExitCode is not null && c.State?["terminated"] is not null);
            var phase = terminated ? (_containers.All(c => c.ExitCode == 0) ? "Succeeded" : "Failed") : "Running";
            WriteStatus(phase, statuses);
        }
    }

    private void WriteStatus(string phase, IEnumerable<JsonObject> containerStatuses)
    {
        var statuses = containerStatuses.ToList();
        var ready = phase == "Running" && statuses.All(s => (bool?)s["ready"] == true);
        var now = KubernetesTimeConverter.ToText(time.GetUtcNow());
        JsonObject Condition(string type, bool status, string? reason = null) => new()
        {
            ["type"] = type,
            ["status"] = status ? "True" : "False",
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = now,
            ["reason"] = reason,
        };
        var status = new JsonObject
        {
            ["phase"] = phase,
            ["conditions"] = new JsonArray(
                Condition("PodScheduled", true),
                Condition("Initialized", true),
                Condition("ContainersReady", ready, ready ? null : phase is "Succeeded" or "Failed" ? "PodCompleted" : "ContainersNotReady"),
                Condition("Ready", ready, ready ? null : phase is "Succeeded" or "Failed" ? "PodCompleted" : "ContainersNotReady")),
            ["hostIP"] = "127.0.0.1",
            ["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = "127.0.0.1" }),
            ["podIP"] = "127.0.0.1",
            ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = "127.0.0.1" }),
            ["startTime"] = _startTime,
            ["qosClass"] = "BestEffort",
            ["containerStatuses"] = new JsonArray([.. statuses]),
        };
        StatusWrites.Write(service, Pod, status);
    }

    /// <summary>ENTRYPOINT and CMD as Docker combines them with the container's command and args, $(VAR) expanded.</summary>
    private static List<string> Argv(JsonObject container, ImageEntry entry, IReadOnlyDictionary<string, string> variables)
    {
        var command = (container["command"] as JsonArray)?.Select(c => (string?)c ?? "").ToList();
        var args = (container["args"] as JsonArray)?.Select(a => (string?)a ?? "").ToList();
        IEnumerable<string> argv = command is not null
            ? command.Concat(args ?? [])
            : entry.Entrypoint.Concat(args ?? [.. entry.Cmd]);
        return [.. argv.Select(a => ContainerEnvironment.Expand(a, variables))];
    }
}
