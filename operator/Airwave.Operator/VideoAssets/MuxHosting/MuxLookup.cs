using Airwave.Mux;
using Airwave.Operator.Resources;

namespace Airwave.Operator.VideoAssets.MuxHosting;

/// <summary>What the Mux resource managers share: reading what status remembers, and deleting what may be gone already.</summary>
internal static class MuxLookup
{
    /// <summary>The remembered resource: found, missing (gone from Mux), or absent when status remembers none.</summary>
    public static async Task<Observed<T>> ReadAsync<T>(string? knownId, Func<string, Task<T>> get)
        where T : class
    {
        if (knownId is null)
        {
            return Observed.Absent<T>();
        }

        try
        {
            return Observed.Found(await get(knownId));
        }
        catch (MuxApiException e) when (e.IsNotFound)
        {
            return Observed.Missing<T>();
        }
    }

    /// <summary>Deletes, treating "already gone" as done.</summary>
    public static async Task DeleteAsync(Func<Task> delete)
    {
        try
        {
            await delete();
        }
        catch (MuxApiException e) when (e.IsNotFound)
        {
        }
    }
}
