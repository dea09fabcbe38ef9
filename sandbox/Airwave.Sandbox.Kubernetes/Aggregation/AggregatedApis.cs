using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Airwave.Sandbox.Kubernetes.Resources;
using Airwave.Sandbox.Kubernetes.Storage;

namespace Airwave.Sandbox.Kubernetes.Aggregation;

/// <summary>
/// The APIServices that name a Service, as the API server routes requests to them and lists them in discovery, with
/// the resources each served at its last availability check (<see cref="ApiServiceAvailability"/>).
/// </summary>
internal sealed class AggregatedApis(ObjectStore store)
{
    private readonly ConcurrentDictionary<string, JsonObject> _resources = new(StringComparer.Ordinal);

    /// <summary>The aggregated API serving this group version, or null when none does (it is served here, or not at all).</summary>
    public AggregatedApiService? Find(string group, string version) =>
        store.Get(BuiltInResources.ApiServices.StorageKey, new ObjectKey(string.Empty, $"{version}.{group}")) is { IsDeleting: false } stored
            ? AggregatedApiService.From(stored)
            : null;

    public IReadOnlyList<AggregatedApiService> All() =>
        [.. store.List(BuiltInResources.ApiServices.StorageKey, null).Items.Where(s => !s.IsDeleting).Select(AggregatedApiService.From).OfType<AggregatedApiService>()];

    /// <summary>
    /// Each aggregated group with its versions, the most preferred first, as kube-aggregator orders them (by
    /// groupPriorityMinimum, then versionPriority), available or not: a client's discovery of one that is not fails as on a cluster.
    /// </summary>
    public IReadOnlyList<(string Group, IReadOnlyList<string> Versions)> Groups() =>
        [.. All().Where(a => a.Group.Length > 0)
            .GroupBy(a => a.Group, StringComparer.Ordinal)
            .OrderByDescending(g => g.Max(a => a.GroupPriorityMinimum)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<string>)[.. g.OrderByDescending(a => a.VersionPriority).Select(a => a.Version)]))];

    /// <summary>The APIResourceList the APIService's server answered its last successful check with, or null before one.</summary>
    public JsonObject? Resources(string name) => _resources.GetValueOrDefault(name);

    internal void Discovered(string name, JsonObject resources) => _resources[name] = resources;

    internal void Forget(string name) => _resources.TryRemove(name, out _);
}
