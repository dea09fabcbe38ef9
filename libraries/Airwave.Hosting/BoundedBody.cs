using Microsoft.AspNetCore.Http;

namespace Airwave.Hosting;

/// <summary>A request body read whole only up to a limit, so that no caller can make the service buffer more.</summary>
public static class BoundedBody
{
    /// <summary>The body, or null when it is larger than <paramref name="limit"/> (as its Content-Length says, or as it turns out).</summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength is not { } length)
        {
            return await ReadAsync(request.Body, limit, cancellationToken);
        }

        if (length > limit)
        {
            return null;
        }

        // Known in advance: one buffer of that size, rather than a growing one and its copy (large bodies are garbage
        // the collector frees late, so a flood of them would swell the process).
        var body = new byte[length];
        await request.Body.ReadExactlyAsync(body, cancellationToken);
        return body;
    }

    /// <summary>The stream's bytes, or null once more than <paramref name="limit"/> of them arrived.</summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(Stream stream, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>The problem+json answer for a body over the limit.</summary>
    public static IResult TooLarge(string what, int limit) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: $"{what} too large", detail: $"The body is larger than {limit} bytes.");
}
