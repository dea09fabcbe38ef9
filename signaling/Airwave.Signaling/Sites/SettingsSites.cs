namespace Airwave.Signaling.Sites;

/// <summary>Makes the sites table hold exactly the sites file's sites, besides those made through the admin API.</summary>
public sealed class SettingsSites(SiteStore store)
{
    public async Task ApplyAsync(IReadOnlyDictionary<string, SiteDefinition> sites, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sites);
        foreach (var (id, site) in sites)
        {
            // The file wins over an API-made site of the same id: the chart is the declared state.
            await store.PutAsync(id, site.Name!.Trim(), site.NormalizedOrigins(), site.Secret!, site.Sfu, SiteSource.Settings, cancellationToken);
        }

        foreach (var gone in (await store.ListAsync(cancellationToken)).Where(s => s.Source == SiteSource.Settings && !sites.ContainsKey(s.Id)))
        {
            await store.DeleteAsync(gone.Id, cancellationToken);
        }
    }
}
