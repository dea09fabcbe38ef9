using Airwave.Aws.Errors;
using Airwave.Operator.Resources;

namespace Airwave.Operator.LiveStreams.Resources;

/// <summary>The read half every manager shares: by the id status remembers, else by the stream's tags.</summary>
internal static class AwsLookup
{
    /// <summary>
    /// Describes the remembered resource; when status has no id (a create whose result was never recorded),
    /// adopts the one resource tagged with the stream's identity.
    /// </summary>
    public static async Task<Observed<T>> ReadAsync<T>(
        string? knownId,
        Func<string, Task<T>> describe,
        Func<Task<IEnumerable<T>>> listTagged,
        Func<T, bool> isGone)
        where T : class
    {
        if (knownId is not null)
        {
            try
            {
                var resource = await describe(knownId);
                return isGone(resource) ? Observed.Missing<T>() : Observed.Found(resource);
            }
            catch (NotFoundException)
            {
                return Observed.Missing<T>();
            }
        }

        var adopted = (await listTagged()).FirstOrDefault(r => !isGone(r));
        return adopted is null ? Observed.Absent<T>() : Observed.Found(adopted);
    }

    /// <summary>Describes a resource by id; null when there is none.</summary>
    public static async Task<T?> DescribeOrNullAsync<T>(Func<Task<T>> describe)
        where T : class
    {
        try
        {
            return await describe();
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    /// <summary>Deletes, treating "already gone" as done.</summary>
    public static async Task DeleteAsync(Func<Task> delete)
    {
        try
        {
            await delete();
        }
        catch (NotFoundException)
        {
        }
    }
}
