using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Rest;
using Airwave.Sandbox.Kubernetes.Streaming.Exec;
using Airwave.Sandbox.Kubernetes.Streaming.PortForward;
using Airwave.Sandbox.Kubernetes.Storage;
using Airwave.Sandbox.Kubernetes.Watch;

namespace Airwave.Sandbox.Kubernetes.Pods;

/// <summary>
/// The sandbox's one node (<see cref="NodeRegistration"/>): every pod is run here as local processes by a
/// <see cref="PodWorker"/>, at most <see cref="KubeletOptions.MaxPods"/> at once and none while the node is cordoned
/// (the rest wait, Pending), and the pods' logs are kept for `kubectl logs`. Deleting a pod ends its processes
/// (the pod stays Terminating until they have ended, <see cref="GracefulDeletion"/>); stopping the kubelet ends them all.
/// </summary>
internal sealed class Kubelet(ResourceService service, ContainerEnvironment environments, PodVolumes volumes, KubeletOptions options, IPAddress? clusterDns, TimeProvider time)
{
    public const string NodeName = "airwave-sandbox";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, (PodWorker Worker, CancellationTokenSource Deleted, Task Run)> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PodWorker> _finished = new(StringComparer.Ordinal);
    private readonly Queue<StoredObject> _waiting = new();
    private readonly PodAddresses _addresses = new();
    private readonly NodeRegistration _node = new(service, options, time);

    public async Task RunAsync(CancellationToken ct)
    {
        _node.Register();
        using var subscription = service.Store.Watch(new WatchFilter(BuiltInResources.Pods.StorageKey, null, null), null);
        var heartbeat = _node.RenewLeaseAsync(ct);
        var uncordoned = AdmitWhenUncordonedAsync(ct);
        try
        {
            await foreach (var change in subscription.Events.ReadAllAsync(ct))
            {
                if (change.Type == WatchEventType.Deleted || change.Object.IsDeleting)
                {
                    Stop(change.Object);
                }
                else if (change.Type == WatchEventType.Added && !IsTerminal(change.Object))
                {
                    Admit(change.Object);
                }
            }
        }
        finally
        {
            await StopAllAsync();
            try
            {
                await Task.WhenAll(heartbeat, uncordoned);
            }
            catch (OperationCanceledException)
            {
                // Stopped with the kubelet.
            }
        }
    }

    /// <summary>Pods that waited while the node was cordoned start once `kubectl uncordon` lets them.</summary>
    private async Task AdmitWhenUncordonedAsync(CancellationToken ct)
    {
        using var nodes = service.Store.Watch(new WatchFilter(BuiltInResources.Nodes.StorageKey, null, null), null);
        await foreach (var _ in nodes.Events.ReadAllAsync(ct))
        {
            while (!_node.Unschedulable && NextWaiting() is { } pod)
            {
                Admit(pod);
            }
        }
    }

    /// <summary>The next pod that waits and still exists, if one may start now.</summary>
    private StoredObject? NextWaiting()
    {
        lock (_lock)
        {
            while (_running.Count < options.MaxPods && _waiting.TryDequeue(out var candidate))
            {
                if (service.Store.FindByUid(candidate.Uid) is { } pod)
                {
                    return pod;
                }
            }

            return null;
        }
    }

    /// <summary>The log of a container of a pod, as `kubectl logs` asks for it.</summary>
    public ContainerLog Log(string ns, string name, string? container, bool previous)
    {
        var (pod, runner, chosen) = Container(ns, name, container, withInit: true);
        var log = previous ? runner?.Previous : runner?.Current;
        return log ?? throw ApiErrors.BadRequest(previous
            ? $"previous terminated container \"{chosen}\" in pod \"{name}\" not found"
            : $"container \"{chosen}\" in pod \"{name}\" is waiting to start: {WaitingReason(pod, chosen)}");
    }

    /// <summary>How `kubectl exec` runs <paramref name="command"/> in a container of a running pod.</summary>
    public ProcessStartInfo ExecStart(string ns, string name, string? container, IReadOnlyList<string> command)
    {
        var (pod, runner, chosen) = Container(ns, name, container, withInit: false);
        if ((string?)pod.ToJson()["status"]?["phase"] is { } phase && phase is "Succeeded" or "Failed")
        {
            throw ApiErrors.BadRequest($"cannot exec into a container in a completed pod; current phase is {phase}");
        }

        return runner?.ExecStart(command) ?? throw ApiErrors.BadRequest($"unable to upgrade connection: container not found (\"{chosen}\")");
    }

    /// <summary>The running container `kubectl attach` attaches to, refused as the kubelet refuses it.</summary>
    public AttachTarget AttachTarget(string ns, string name, string? container, ExecRequest request)
    {
        var (pod, runner, chosen) = Container(ns, name, container, withInit: false);
        var json = pod.ToJson();
        if ((string?)json["status"]?["phase"] is { } phase && phase is "Succeeded" or "Failed")
        {
            throw ApiErrors.BadRequest($"cannot attach to a container in a completed pod; current phase is {phase}");
        }

        var spec = PodContainers.Regular(json).First(c => (string?)c["name"] == chosen);
        if (request.Tty && (bool?)spec["tty"] != true)
        {
            throw ApiErrors.BadRequest($"tty was requested but the container \"{chosen}\" was not started with tty: true");
        }

        if (request.Stdin && (bool?)spec["stdin"] != true)
        {
            throw ApiErrors.BadRequest($"stdin was requested but the container \"{chosen}\" was not started with stdin: true");
        }

        return runner?.Running is { } process
            ? new AttachTarget(process, (bool?)spec["stdinOnce"] == true)
            : throw ApiErrors.BadRequest($"unable to upgrade connection: container not found (\"{chosen}\")");
    }

    /// <summary>Where a running pod's ports are reached.</summary>
    public PortForwardTarget PortForwardTarget(string ns, string name)
    {
        var pod = service.Get(BuiltInResources.Pods, ns, name);
        var status = pod.ToJson()["status"];
        var phase = (string?)status?["phase"] ?? "Pending";
        return phase == "Running" && IPAddress.TryParse((string?)status?["podIP"], out var address)
            ? new PortForwardTarget(ns, name, pod.Uid, address)
            : throw ApiErrors.BadRequest($"unable to forward ports to pod {name}: it is not running (phase {phase})");
    }

    /// <summary>The pod, the runner of the container asked for (the only one when none is named), and its name.</summary>
    private (StoredObject Pod, ContainerRunner? Runner, string Name) Container(string ns, string name, string? container, bool withInit)
    {
        var pod = service.Get(BuiltInResources.Pods, ns, name);
        PodWorker? worker;
        lock (_lock)
        {
            worker = _running.TryGetValue(pod.Uid, out var run) ? run.Worker : _finished.GetValueOrDefault(pod.Uid);
        }

        var json = pod.ToJson();
        var names = PodContainers.Regular(json).Select(c => (string?)c["name"]).OfType<string>().ToList();
        var initNames = withInit ? PodContainers.Init(json).Select(c => (string?)c["name"]).OfType<string>().ToList() : [];
        if (container is null && names.Count > 1)
        {
            var choices = $"choose one of: [{string.Join(" ", names)}]" + (initNames.Count > 0 ? $" or one of the init containers: [{string.Join(" ", initNames)}]" : "");
            throw ApiErrors.BadRequest($"a container name must be specified for pod {name}, {choices}");
        }

        names.AddRange(initNames);
        container ??= names.FirstOrDefault();
        if (container is null || !names.Contains(container))
        {
            throw ApiErrors.BadRequest($"container {container} is not valid for pod {name}");
        }

        return (pod, worker?.Containers.FirstOrDefault(c => c.Name == container), container);
    }

    private static string WaitingReason(StoredObject pod, string container) =>
        (string?)(pod.ToJson()["status"]?["containerStatuses"] as JsonArray ?? [])
            .FirstOrDefault(s => (string?)s?["name"] == container)?["state"]?["waiting"]?["reason"] ?? "ContainerCreating";

    /// <summary>Whether the pod tolerates a cordoned node's taint (DaemonSets' pods do), as the scheduler reads tolerations.</summary>
    private static bool ToleratesCordon(StoredObject pod) =>
        (pod.ToJson()["spec"]?["tolerations"] as JsonArray ?? []).OfType<JsonObject>().Any(t =>
            ((string?)t["key"] is null or "" ? (string?)t["operator"] == "Exists" : (string?)t["key"] == NodeRegistration.UnschedulableTaint)
            && (string?)t["effect"] is null or "" or "NoSchedule");

    private static bool IsTerminal(StoredObject pod) => (string?)pod.ToJson()["status"]?["phase"] is "Succeeded" or "Failed";

    private void Admit(StoredObject pod)
    {
        lock (_lock)
        {
            if (_running.ContainsKey(pod.Uid))
            {
                return;
            }

            var cordoned = _node.Unschedulable && !ToleratesCordon(pod);
            if (cordoned || _running.Count >= options.MaxPods)
            {
                _waiting.Enqueue(pod);
                StatusWrites.Write(service, pod, new JsonObject
                {
                    ["phase"] = "Pending",
                    ["conditions"] = new JsonArray(new JsonObject
                    {
                        ["type"] = "PodScheduled",
                        ["status"] = "False",
                        ["reason"] = "Unschedulable",
                        ["message"] = cordoned
                            ? "0/1 nodes are available: 1 node(s) were unschedulable."
                            : $"0/1 nodes are available: the sandbox runs at most {options.MaxPods} pods at once.",
                    }),
                });
                return;
            }

            var worker = new PodWorker(service, pod, _addresses.Take(), clusterDns, environments, volumes, options, time);
            var deleted = new CancellationTokenSource();
            _running[pod.Uid] = (worker, deleted, Task.Run(() => RunWorkerAsync(worker, deleted.Token), CancellationToken.None));
        }
    }

    private async Task RunWorkerAsync(PodWorker worker, CancellationToken deleted)
    {
        try
        {
            await worker.RunAsync(deleted);
        }
        catch (ApiException)
        {
            // The pod vanished while its status was written.
        }
        finally
        {
            lock (_lock)
            {
                if (_running.Remove(worker.Pod.Uid, out var run))
                {
                    run.Deleted.Dispose();
                }

                _addresses.Release(worker.Address);

                if (deleted.IsCancellationRequested)
                {
                    RemoveDirectory(worker.Pod.Uid);
                }
                else
                {
                    _finished[worker.Pod.Uid] = worker;
                }
            }

            if (deleted.IsCancellationRequested)
            {
                FinishDeletion(worker.Pod.Uid);
            }

            if (!_node.Unschedulable && NextWaiting() is { } next)
            {
                Admit(next);
            }
        }
    }

    /// <summary>A pod deleted (or being deleted): its processes are ended, and a pod left Terminating is then deleted for good.</summary>
    private void Stop(StoredObject pod)
    {
        lock (_lock)
        {
            if (_finished.Remove(pod.Uid))
            {
                RemoveDirectory(pod.Uid);
            }

            if (_running.TryGetValue(pod.Uid, out var entry))
            {
                entry.Deleted.Cancel();
                return;
            }
        }

        FinishDeletion(pod.Uid);
    }

    /// <summary>
    /// The kubelet's last delete of a pod whose containers have ended (grace period 0, this pod only): the API server
    /// removes it then, or once its finalizers are gone.
    /// </summary>
    private void FinishDeletion(string uid)
    {
        if (service.Store.FindByUid(uid) is not { IsDeleting: true } pod || GracefulDeletion.Pending(ObjectStrategy.Metadata(pod.ToJson())) == 0)
        {
            return;
        }

        try
        {
            service.Delete(BuiltInResources.Pods, pod.Key.Namespace, pod.Key.Name, new DeleteOptions(null, uid, null, false) { GracePeriodSeconds = 0 });
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
            // Removed meanwhile (forced, or its namespace went), or a newer pod of the same name.
        }
    }

    private async Task StopAllAsync()
    {
        List<Task> runs;
        lock (_lock)
        {
            foreach (var entry in _running.Values)
            {
                entry.Deleted.Cancel();
            }

            runs = [.. _running.Values.Select(e => e.Run)];
            foreach (var uid in _finished.Keys)
            {
                RemoveDirectory(uid);
            }

            _finished.Clear();
        }

        await Task.WhenAll(runs);
    }

    /// <summary>A deleted pod's working directories and volumes go with it.</summary>
    private void RemoveDirectory(string uid)
    {
        try
        {
            Directory.Delete(Path.Combine(options.PodsDirectory, uid), recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Never created, or something of the pod's still holds it; it is under the temporary directory.
        }
    }
}
