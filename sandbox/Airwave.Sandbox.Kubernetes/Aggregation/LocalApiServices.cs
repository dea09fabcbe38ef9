using System.Text.Json.Nodes;
using Airwave.Kubernetes.ApiMachinery.Meta;
using Airwave.Sandbox.Kubernetes.Errors;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Rest;
using Airwave.Sandbox.Kubernetes.Watch;

namespace Airwave.Sandbox.Kubernetes.Aggregation;

/// <summary>
/// kube-apiserver's APIService autoregistration: every group and version the server itself serves (the built-in
/// ones, and those of established CustomResourceDefinitions) has an APIService named <c>VERSION.GROUP</c>
/// (<c>v1.</c> for the core group) without a service, Available as Local; one whose group version is no longer served
/// (its CRD deleted) goes. APIServices naming a service are left to whoever made them.
/// </summary>
internal sealed class LocalApiServices(ResourceService service, TimeProvider time)
{
    /// <summary>The label kube-apiserver's autoregistration marks its APIServices with (onstart: made at start and kept).</summary>
    public const string AutoRegisterLabel = "kube-aggregator.kubernetes.io/automanaged";

    /// <summary>How often the served group versions are looked at again without a CRD change (a CRD's are served, or no longer, a moment after its change is stored).</summary>
    private static readonly TimeSpan Resync = TimeSpan.FromSeconds(2);

    public async Task RunAsync(CancellationToken ct)
    {
        using var subscription = service.Store.Watch(new WatchFilter(BuiltInResources.CustomResourceDefinitions.StorageKey, null, null), service.Store.ResourceVersion);
        while (!ct.IsCancellationRequested)
        {
            Sync();
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(Resync);
            try
            {
                await subscription.Events.WaitToReadAsync(wait.Token);
                while (subscription.Events.TryRead(out _))
                {
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), wait.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // Nothing changed for a while: look again anyway.
            }
        }
    }

    /// <summary>Registers what is served and unregisters what is not; the server does it once before it answers anyone.</summary>
    public void Sync()
    {
        var served = service.Registry.Groups();
        var wanted = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        for (var g = 0; g < served.Count; g++)
        {
            var (group, versions) = served[g];
            var builtIn = BuiltInResources.All.Any(t => t.Group == group);
            for (var v = 0; v < versions.Count; v++)
            {
                wanted[$"{versions[v]}.{group}"] = new JsonObject
                {
                    ["group"] = group.Length > 0 ? group : null,
                    ["version"] = versions[v],
                    // As kube-apiserver orders its own groups (the core group first) before the CRDs' (1000).
                    ["groupPriorityMinimum"] = builtIn ? 18000 - (100 * g) : 1000,
                    ["versionPriority"] = builtIn ? 15 - v : 100 - v,
                };
            }
        }

        var existing = service.Store.List(BuiltInResources.ApiServices.StorageKey, null).Items;
        foreach (var (name, spec) in wanted.Where(w => existing.All(e => e.Key.Name != w.Key)))
        {
            Register(name, spec);
        }

        foreach (var gone in existing.Where(e => e.Labels.GetValueOrDefault(AutoRegisterLabel) == "onstart" && !wanted.ContainsKey(e.Key.Name)))
        {
            Try(() => service.Delete(BuiltInResources.ApiServices, null, gone.Key.Name, DeleteOptions.Background));
        }
    }

    private void Register(string name, JsonObject spec) => Try(() =>
    {
        var created = service.Create(BuiltInResources.ApiServices, null, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { [AutoRegisterLabel] = "onstart" } },
            ["spec"] = spec,
        }, WriteOptions.Default).Object.ToJson();
        created["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "Available",
                ["status"] = "True",
                ["lastTransitionTime"] = KubernetesTimeConverter.ToText(time.GetUtcNow()),
                ["reason"] = "Local",
                ["message"] = "Local APIServices are always available",
            }),
        };
        service.Update(BuiltInResources.ApiServices, null, name, "status", created, WriteOptions.Default);
    });

    private static void Try(Action write)
    {
        try
        {
            write();
        }
        catch (ApiException)
        {
            // Made, changed or deleted meanwhile: the next sync looks again.
        }
    }
}
