using Airwave.Aws.Errors;
using Airwave.Operator.Resources;

namespace Airwave.Operator.LiveStreams.Resources;

/// <summary>What the MediaLive managers share: reads by the id status remembers, else by the stream's tags, and creates and deletes that keep the tag index current.</summary>
internal static class AwsLookup
{
    /// <summary>
    /// Describes the remembered resource; when status has no id (a create whose result was never recorded),
    /// adopts the first live resource the index finds tagged with the stream's identity.
    /// </summary>
    public static async Task<Observed<T>> ReadAsync<T>(
        string? knownId,
        StreamIdentity identity,
        StreamTagIndex tagged,
        Func<string, Task<T>> describe,
        Func<T, bool> isGone,
        CancellationToken cancellationToken)
        where T : class
    {
        if (knownId is not null)
        {
            var known = await DescribeOrNullAsync(() => describe(knownId));
            return known is null || isGone(known) ? Observed.Missing<T>() : Observed.Found(known);
        }

        foreach (var id in await tagged.FindAsync(identity, cancellationToken))
        {
            var resource = await DescribeOrNullAsync(() => describe(id));
            if (resource is not null && !isGone(resource))
            {
                return Observed.Found(resource);
            }

            // AWS does not bring a deleted resource back: no later lookup needs to describe it.
            tagged.Deleted(id);
        }

        return Observed.Absent<T>();
    }

    /// <summary>Creates, and records the result in the index; a failure that may have made something sends the next lookup to AWS.</summary>
    public static async Task<T> CreateAsync<T>(StreamTagIndex tagged, Func<Task<T>> create, Func<T, TaggedResource> indexed)
    {
        try
        {
            var created = await create();
            var entry = indexed(created);
            tagged.Created(entry.Id, entry.Tags);
            return created;
        }
        catch (AwsServiceException e) when (e is AwsBadRequestException or AwsUnprocessableEntityException && !e.IsRetryable)
        {
            // Refused: nothing was made.
            throw;
        }
        catch
        {
            tagged.Doubt();
            throw;
        }
    }

    /// <summary>Describes a resource by id; null when there is none.</summary>
    public static async Task<T?> DescribeOrNullAsync<T>(Func<Task<T>> describe)
        where T : class
    {
        try
        {
            return await describe();
        }
        catch (AwsNotFoundException)
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
        catch (AwsNotFoundException)
        {
        }
    }

    /// <summary>Deletes, treating "already gone" as done, and takes the resource out of the index.</summary>
    public static async Task DeleteAsync(StreamTagIndex tagged, string id, Func<Task> delete)
    {
        await DeleteAsync(delete);
        tagged.Deleted(id);
    }
}
