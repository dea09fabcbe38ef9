namespace Airwave.Sandbox.Kubernetes.Resources;

/// <summary>
/// The resources the server serves right now: the built-in ones and those of established CRDs.
/// Readers get immutable snapshots, so discovery and routing never see a half-registered CRD.
/// </summary>
internal sealed class ResourceRegistry
{
    private readonly Lock _gate = new();
    private IReadOnlyList<ResourceType> _types;

    public ResourceRegistry(IEnumerable<ResourceType> builtIn) => _types = [.. builtIn];

    public IReadOnlyList<ResourceType> All => Volatile.Read(ref _types);

    public ResourceType? Find(string group, string version, string plural) =>
        All.FirstOrDefault(t => t.Group == group && t.Version == version && t.Plural == plural);

    public bool IsServedGroupVersion(string group, string version) => All.Any(t => t.Group == group && t.Version == version);

    /// <summary>Groups in registration order, each with its versions in the order they should be preferred.</summary>
    public IReadOnlyList<(string Group, IReadOnlyList<string> Versions)> Groups() =>
        [.. All.GroupBy(t => t.Group).Select(g => (g.Key, (IReadOnlyList<string>)[.. g.Select(t => t.Version).Distinct()]))];

    /// <summary>Serves exactly these versions of a group/resource from now on (none: stop serving it).</summary>
    public void Replace(string group, string plural, IReadOnlyList<ResourceType> versions)
    {
        lock (_gate)
        {
            _types = [.. _types.Where(t => t.Group != group || t.Plural != plural), .. versions];
        }
    }
}
