using Airwave.Kubernetes.Client.Errors;

namespace Airwave.Kubernetes.Client;

public static class NotFound
{
    /// <summary>The object a read returns, or null when it does not exist: <c>await client.Api.CoreV1.ReadNamespacedSecretAsync(...).OrNull()</c>.</summary>
    public static async Task<T?> OrNull<T>(this Task<T> read)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            return await read;
        }
        catch (NotFoundException)
        {
            return null;
        }
    }
}
