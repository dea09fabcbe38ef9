using Microsoft.AspNetCore.Http;

namespace Airwave.Webhook.Hosting;

/// <summary>A request body read whole only up to a limit, so that no caller can make the service buffer more.</summary>
public static class BoundedBody
{
    /// <summary>The body, or null when it is larger than <paramref name="limit"/> (as its Content-Length says, or as it turns out).</summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.ContentLength > limit ? null : await ReadAsync(request.Body, limit, cancellationToken);
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
