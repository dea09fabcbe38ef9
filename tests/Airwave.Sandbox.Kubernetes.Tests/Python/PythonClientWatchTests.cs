using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Tests.Infrastructure;

namespace Airwave.Sandbox.Kubernetes.Tests.Python;

/// <summary>The official Python client (Debian's python3-kubernetes) watching through a dropped connection.</summary>
public sealed class PythonClientWatchTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private const string Python = "/usr/bin/python3";
    private const int EventCount = 10;
    private static readonly TimeSpan LineTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Watch_cut_off_and_resumed_sees_every_event_exactly_once()
    {
        var ns = "py-" + Guid.NewGuid().ToString("N")[..8];
        await sandbox.Client.PostAsync("/api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } });
        await using var watcher = RunningProcess.Start(Python, [Manifests.Path("watch_resume.py"), sandbox.KubeconfigPath, ns, EventCount.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.StartsWith("READY", await watcher.ReadLineAsync(LineTimeout), StringComparison.Ordinal);

        await CreateConfigMapsAsync(ns, 0, EventCount / 2);
        var beforeCut = await watcher.ReadUntilAsync(line => line.StartsWith($"EVENT ADDED cm-{EventCount / 2 - 1} ", StringComparison.Ordinal), LineTimeout);
        sandbox.Server.Faults.DropWatches();
        await CreateConfigMapsAsync(ns, EventCount / 2, EventCount);
        var afterCut = await watcher.ReadUntilAsync(line => line.StartsWith("DONE", StringComparison.Ordinal), LineTimeout);
        var exitCode = await watcher.WaitForExitAsync(LineTimeout);

        var lines = beforeCut.Concat(afterCut).ToList();
        var events = lines.Where(l => l.StartsWith("EVENT ", StringComparison.Ordinal)).Select(l => string.Join(' ', l.Split(' ')[1..3])).ToList();
        Assert.Equal(Enumerable.Range(0, EventCount).Select(i => $"ADDED cm-{i}"), events);
        Assert.Contains(afterCut, l => l.StartsWith("RESUMING", StringComparison.Ordinal));
        Assert.Equal(0, exitCode);
    }

    private async Task CreateConfigMapsAsync(string ns, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            await sandbox.Client.PostAsync($"/api/v1/namespaces/{ns}/configmaps", new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ConfigMap",
                ["metadata"] = new JsonObject { ["name"] = $"cm-{i}" },
                ["data"] = new JsonObject { ["index"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            });
        }
    }
}
