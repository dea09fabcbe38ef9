using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace Airwave.Hosting;

/// <summary>A request body read whole only up to a limit, so that no caller can make the service buffer more.</summary>
public static class BoundedBody
{
    /// <summary>
    /// The body in a pooled buffer (dispose it once read), or null when it is larger than <paramref name="limit"/> (as
    /// its Content-Length says, or as it turns out). Pooled because bodies over 85 KB would otherwise be large objects
    /// the collector frees only in its rare full collections: a flood of forged callbacks swelled the webhook by tens
    /// of megabytes before one came.
    /// </summary>
    public static async Task<RequestBody?> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > limit)
        {
            return null;
        }

        // Without a Content-Length, one byte more than the limit tells a body over it.
        var room = request.ContentLength is { } length ? (int)length : limit + 1;
        var buffer = ArrayPool<byte>.Shared.Rent(room);
        try
        {
            var filled = 0;
            int read;
            while (filled < room && (read = await request.Body.ReadAsync(buffer.AsMemory(filled, room - filled), cancellationToken)) > 0)
            {
                filled += read;
            }

            if (filled < request.ContentLength)
            {
                throw new EndOfStreamException($"The body ended after {filled} of the {request.ContentLength} bytes its Content-Length announced.");
            }

            if (filled > limit)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                return null;
            }

            return new RequestBody(buffer, filled);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
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
