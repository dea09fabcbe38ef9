using System.Net;
using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Sandbox.Kubernetes.Networking;
using Airwave.Sandbox.Kubernetes.Rest;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Pods;

/// <summary>
/// Runs one pod to its end, as the kubelet does: resolves images and environments (waiting with ErrImagePull or
/// CreateContainerConfigError while it cannot), starts every container, restarts them as spec.restartPolicy
/// says with a growing back-off, and reports phase, conditions and containerStatuses in the pod's status. When
/// the pod is deleted its processes get SIGTERM, and SIGKILL after its grace period, and its last status says how
/// they ended. Volumes are set up before the first container starts; while containers run, Secret and ConfigMap
/// volumes follow their sources.
/// </summary>
internal sealed class PodWorker(ResourceService service, StoredObject pod, string address, IPAddress? clusterDns, ContainerEnvironment environments, PodVolumes volumes, KubeletOptions options, TimeProvider time)
{
    // The address is in the pod from the start, for the environment and volumes that name status.podIP.
    private readonly JsonObject _pod = WithAddress(pod.ToJson(), address);
    private readonly List<ContainerRunner> _containers = [];
    private readonly List<ContainerRunner> _init = [];
    private Dictionary<string, string>? _volumePaths;
    private string? _startTime;

    public StoredObject Pod { get; } = pod;

    /// <summary>The pod's own IP address, on the machine's loopback network (<see cref="PodAddresses"/>).</summary>
    public string Address { get; } = address;

    private string RestartPolicy => (string?)_pod["spec"]?["restartPolicy"] ?? "Always";

    /// <summary>The kubelet's least grace for a container it stops (its minimumGracePeriodInSeconds).</summary>
    private const long MinimumGraceSeconds = 2;

    /// <summary>How long a SIGKILLed process is waited for before the pod's last status is written.</summary>
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(5);

    private TimeSpan GracePeriod => TimeSpan.FromSeconds((int?)_pod["spec"]?["terminationGracePeriodSeconds"] ?? 30);

    /// <summary>Init containers first, then the others: everything `kubectl logs -c` can name.</summary>
    public IReadOnlyList<ContainerRunner> Containers => [.. _init, .. _containers];

    /// <summary>
    /// Binds the pod to the node, as the scheduler's binding does: spec.nodeName is what `kubectl get pods -o wide`,
    /// `kubectl describe node` and `kubectl drain` find a node's pods by.
    /// </summary>
    private void Bind() => service.Mutate(Pod, pod =>
    {
        if (pod["spec"] is not JsonObject spec || (string?)spec["nodeName"] is { Length: > 0 })
        {
            return false;
        }

        spec["nodeName"] = Kubelet.NodeName;
        return true;
    });

    public async Task RunAsync(CancellationToken deleted)
    {
        _startTime = KubernetesTimeConverter.ToText(time.GetUtcNow());
        Bind();
        try
        {
            if (!await PrepareAsync(deleted))
            {
                return;
            }

            using var ended = CancellationTokenSource.CreateLinkedTokenSource(deleted);
            var syncing = SyncVolumesAsync(ended.Token);
            try
            {
                if (await RunInitContainersAsync(deleted))
                {
                    await RunContainersAsync(deleted);
                }
            }
            finally
            {
                await ended.CancelAsync();
                await syncing;
            }
        }
        catch (OperationCanceledException) when (deleted.IsCancellationRequested)
        {
            await TerminateAsync();
        }
    }

    /// <summary>Creates the init containers and the containers; false when the pod was deleted before they could be.</summary>
    private async Task<bool> PrepareAsync(CancellationToken deleted)
    {
        var initSpecs = PodContainers.Init(_pod);
        var specs = PodContainers.Regular(_pod);
        var directory = Path.Combine(options.PodsDirectory, Pod.Uid);
        Dictionary<string, string>? volumePaths = null;
        var networkFiles = PodNetworkFiles.Write(_pod, Address, clusterDns, ClusterDns.Domain, Path.Combine(directory, "etc"));
        while (true)
        {
            var waiting = new Dictionary<string, (string Reason, string Message)>(StringComparer.Ordinal);
            _init.Clear();
            _containers.Clear();

            // Set up once: each attempt would mint the pod another service-account token.
            string? volumeProblem = null;
            if (volumePaths is null)
            {
                (volumePaths, volumeProblem) = volumes.Prepare(_pod, directory);
            }

            foreach (var (container, runners) in initSpecs.Select(c => (c, _init)).Concat(specs.Select(c => (c, _containers))))
            {
                var name = (string?)container["name"] ?? "";
                var image = (string?)container["image"] ?? "";
                if (options.Images.Resolve(image) is not { } entry)
                {
                    waiting[name] = ("ErrImagePull", $"image \"{image}\" is not in the sandbox's image map: the sandbox runs containers as local programs; map the image to one with --image-map FILE");
                    continue;
                }

                var (variables, problem) = environments.Build(_pod, container);
                if (variables is null)
                {
                    waiting[name] = ("CreateContainerConfigError", problem!);
                    continue;
                }

                if (volumePaths is null)
                {
                    waiting[name] = ("ContainerCreating", volumeProblem!);
                    continue;
                }

                var (mounts, mountProblem) = ContainerMounts.For(container, entry, volumePaths, variables);
                if (mounts is null)
                {
                    waiting[name] = ("CreateContainerConfigError", mountProblem!);
                    continue;
                }

                // The kubelet's /etc/hosts and /etc/resolv.conf, unless the container mounts its own there.
                mounts.AddRange(networkFiles.Where(f => !ContainerMounts.Covers(mounts, f.Target)));
                var argv = Argv(container, entry, variables);
                if (argv.Count == 0)
                {
                    waiting[name] = ("CreateContainerError", $"image \"{image}\" has no default command and the container names none");
                    continue;
                }

                var workingDirectory = (string?)container["workingDir"] is { Length: > 0 } dir ? dir : Path.Combine(directory, name);
                runners.Add(new ContainerRunner(container, argv, variables, mounts, workingDirectory, PodNetworkFiles.Hostname(_pod, ClusterDns.Domain), Address, GracePeriod, Report, time));
            }

            if (waiting.Count == 0)
            {
                _volumePaths = volumePaths;
                return true;
            }

            JsonObject Waiting(JsonObject spec)
            {
                var name = (string?)spec["name"] ?? "";
                var (reason, message) = waiting.TryGetValue(name, out var problem) ? problem : (initSpecs.Count > 0 && specs.Contains(spec) ? "PodInitializing" : "ContainerCreating", (string?)null);
                return new JsonObject
                {
                    ["name"] = name,
                    ["image"] = (string?)spec["image"],
                    ["imageID"] = "",
                    ["ready"] = false,
                    ["started"] = false,
                    ["restartCount"] = 0,
                    ["state"] = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = reason, ["message"] = message } },
                    ["lastState"] = new JsonObject(),
                };
            }

            WriteStatus("Pending", initSpecs.Count == 0, [.. initSpecs.Select(Waiting)], [.. specs.Select(Waiting)]);

            // A Secret or ConfigMap may be created later, as the kubelet retries.
            await Task.Delay(TimeSpan.FromSeconds(2), time, deleted);
        }
    }

    /// <summary>The kubelet's sync of the pod's Secret and ConfigMap volumes, until its containers ended.</summary>
    private async Task SyncVolumesAsync(CancellationToken ended)
    {
        try
        {
            while (true)
            {
                await Task.Delay(options.VolumeSyncPeriod, time, ended);
                try
                {
                    volumes.Refresh(_pod, _volumePaths!);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // As the kubelet, tried again at the next sync.
                }
            }
        }
        catch (OperationCanceledException) when (ended.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Runs the init containers one after another, each to a successful end (retried with back-off unless the
    /// restart policy is Never, which fails the pod); false when the pod failed.
    /// </summary>
    private async Task<bool> RunInitContainersAsync(CancellationToken deleted)
    {
        foreach (var init in _init)
        {
            var delay = options.RestartDelay;
            while (true)
            {
                var run = init.Start();
                Report();
                if (await run.WaitAsync(deleted) == 0)
                {
                    break;
                }

                if (RestartPolicy == "Never")
                {
                    Report();
                    return false;
                }

                init.BackOff(delay);
                Report();
                await Task.Delay(delay, time, deleted);
                delay = Doubled(delay);
            }
        }

        Report();
        return true;
    }

    private async Task RunContainersAsync(CancellationToken deleted)
    {
        var runs = _containers.ToDictionary(c => c, c => c.Start());
        var delays = _containers.ToDictionary(c => c, _ => options.RestartDelay);
        Report();
        while (runs.Count > 0)
        {
            var ended = await Task.WhenAny(runs.Values).WaitAsync(deleted);
            var container = runs.First(r => r.Value == ended).Key;
            runs.Remove(container);
            var restart = RestartPolicy == "Always" || (RestartPolicy == "OnFailure" && ended.Result != 0);
            if (!restart)
            {
                Report();
                continue;
            }

            var delay = delays[container];
            delays[container] = Doubled(delay);
            container.BackOff(delay);
            Report();
            await Task.Delay(delay, time, deleted);
            runs[container] = container.Start();
            Report();
        }
    }

    /// <summary>The next wait of the kubelet's back-off: twice the last, up to the most it waits.</summary>
    private TimeSpan Doubled(TimeSpan delay) => TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxRestartDelay.Ticks));

    private async Task TerminateAsync()
    {
        // An init container may be the one running when the pod is deleted.
        var running = Containers.Where(c => c.IsRunning).ToList();
        foreach (var container in running)
        {
            container.Signal("TERM");
        }

        // Looked up on every turn: a second delete may shorten the grace period meanwhile.
        var signalled = time.GetUtcNow();
        await WaitForAsync(running, () => signalled + TerminationGrace());
        foreach (var container in running.Where(c => c.IsRunning))
        {
            container.Signal("KILL");
        }

        // The statuses say how each container ended before the kubelet deletes the pod for good.
        var killed = time.GetUtcNow();
        await WaitForAsync(running, () => killed + KillWait);
        Report();
    }

    private async Task WaitForAsync(IReadOnlyList<ContainerRunner> running, Func<DateTimeOffset> deadline)
    {
        while (running.Any(c => c.IsRunning) && time.GetUtcNow() < deadline())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), time);
        }
    }

    /// <summary>
    /// How long the containers of a deleted pod have after SIGTERM: its deletionGracePeriodSeconds (a second delete
    /// may have shortened it), at least the kubelet's minimum; the minimum when it was removed at once (forced).
    /// </summary>
    private TimeSpan TerminationGrace()
    {
        var seconds = (long?)service.Store.FindByUid(Pod.Uid)?.ToJson()["metadata"]?["deletionGracePeriodSeconds"] ?? 0;
        return TimeSpan.FromSeconds(Math.Max(seconds, MinimumGraceSeconds));
    }

    /// <summary>Phase and conditions from the containers' states, as the kubelet computes them.</summary>
    private void Report()
    {
        // Probes report from their own tasks.
        lock (_containers)
        {
            var initialized = _init.All(c => c.ExitCode == 0);
            var initFailed = _init.Any(c => c.ExitCode is not null and not 0) && RestartPolicy == "Never";
            var started = _containers.Any(c => c.Current is not null);
            var statuses = _containers.Select(c => started ? c.Status() : c.Status(waitingReason: "PodInitializing")).ToList();
            var terminated = started && _containers.All(c => !c.IsRunning && c.ExitCode is not null && c.State?["terminated"] is not null);
            var phase = initFailed ? "Failed"
                : !started ? "Pending"
                : terminated ? (_containers.All(c => c.ExitCode == 0) ? "Succeeded" : "Failed")
                : "Running";
            WriteStatus(phase, initialized, [.. _init.Select(c => c.Status())], statuses);
        }
    }

    private static JsonObject WithAddress(JsonObject pod, string address)
    {
        var status = pod["status"] as JsonObject ?? [];
        pod["status"] = status;
        status["podIP"] = address;
        return pod;
    }

    private void WriteStatus(string phase, bool initialized, IReadOnlyList<JsonObject> initStatuses, IReadOnlyList<JsonObject> statuses)
    {
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
                Condition("Initialized", initialized, initialized ? null : "ContainersNotInitialized"),
                Condition("ContainersReady", ready, ready ? null : phase is "Succeeded" or "Failed" ? "PodCompleted" : "ContainersNotReady"),
                Condition("Ready", ready, ready ? null : phase is "Succeeded" or "Failed" ? "PodCompleted" : "ContainersNotReady")),
            ["hostIP"] = "127.0.0.1",
            ["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = "127.0.0.1" }),
            ["podIP"] = Address,
            ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = Address }),
            ["startTime"] = _startTime,
            ["qosClass"] = PodQos.Class(_pod),
            ["containerStatuses"] = new JsonArray([.. statuses.Select(c => c.DeepClone())]),
        };
        if (initStatuses.Count > 0)
        {
            status["initContainerStatuses"] = new JsonArray([.. initStatuses.Select(c => c.DeepClone())]);
        }

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
