using System.Globalization;
using System.Text;
using Airwave.Sandbox.Kubernetes.Errors;

namespace Airwave.Sandbox.Kubernetes.Aggregation;

/// <summary>
/// One HTTP/1.1 request and its response on a connection of their own, written and read here rather than by
/// HttpClient because a header may need several lines: an aggregated server's request-header authenticator reads
/// each X-Remote-Group line as one group, and HttpClient would join the user's groups into one line with commas,
/// which such a server reads as a single group of that name.
/// </summary>
internal sealed class Http1Exchange(Stream connection) : IAsyncDisposable
{
    /// <summary>The most a response's status line and headers may take, as Go's http.Transport bounds them (1 MiB).</summary>
    private const int MaxHeadBytes = 1024 * 1024;

    private readonly BufferedStream _stream = new(connection, 16 * 1024);

    public async Task SendAsync(string method, string target, string host, IReadOnlyList<(string Name, string Value)> headers, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
        foreach (var (name, value) in headers)
        {
            if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                throw ApiErrors.BadRequest($"header {name} holds a line break");
            }

            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        if (body.Length > 0 || method is "POST" or "PUT" or "PATCH")
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
        }

        head.Append("\r\n");
        await _stream.WriteAsync(Encoding.Latin1.GetBytes(head.ToString()), cancellationToken);
        await _stream.WriteAsync(body, cancellationToken);
        await _stream.FlushAsync(cancellationToken);
    }

    /// <summary>The response's status code and headers (each line its own entry).</summary>
    public async Task<(int Status, List<(string Name, string Value)> Headers)> ReadHeadAsync(CancellationToken cancellationToken)
    {
        var budget = MaxHeadBytes;
        var status = await ReadLineAsync(budget, cancellationToken);
        budget -= status.Length;
        if (status.Split(' ', 3) is not [['H', 'T', 'T', 'P', '/', ..], var code, ..] || !int.TryParse(code, CultureInfo.InvariantCulture, out var number))
        {
            throw new HttpRequestException($"malformed HTTP response \"{status}\"");
        }

        var headers = new List<(string, string)>();
        while (await ReadLineAsync(budget, cancellationToken) is { Length: > 0 } line)
        {
            budget -= line.Length;
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new HttpRequestException($"malformed HTTP response header \"{line}\"");
            }

            headers.Add((line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }

        return (number, headers);
    }

    /// <summary>Copies the response's body to <paramref name="destination"/> as it arrives, each piece flushed (a watch's events one by one).</summary>
    public async Task CopyBodyAsync(IReadOnlyList<(string Name, string Value)> headers, Stream destination, CancellationToken cancellationToken)
    {
        string? Header(string name) => headers.LastOrDefault(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
        if (Header("Transfer-Encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true)
        {
            while (true)
            {
                var sizeLine = await ReadLineAsync(1024, cancellationToken);
                if (!long.TryParse(sizeLine.Split(';')[0].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var size) || size < 0)
                {
                    throw new HttpRequestException($"malformed chunk size \"{sizeLine}\"");
                }

                if (size == 0)
                {
                    return;
                }

                await CopyAsync(size, destination, cancellationToken);
                await ReadLineAsync(2, cancellationToken);
            }
        }

        if (long.TryParse(Header("Content-Length"), CultureInfo.InvariantCulture, out var length))
        {
            await CopyAsync(length, destination, cancellationToken);
            return;
        }

        await CopyAsync(long.MaxValue, destination, cancellationToken);
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();

    /// <summary>Copies <paramref name="count"/> bytes, or up to the end of the connection when it is <see cref="long.MaxValue"/>.</summary>
    private async Task CopyAsync(long count, Stream destination, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        while (count > 0)
        {
            var read = await _stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), cancellationToken);
            if (read == 0)
            {
                if (count == long.MaxValue)
                {
                    return;
                }

                throw new HttpRequestException("the connection closed before the response's body ended");
            }

            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            await destination.FlushAsync(cancellationToken);
            if (count != long.MaxValue)
            {
                count -= read;
            }
        }
    }

    private async Task<string> ReadLineAsync(int most, CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            if (await _stream.ReadAsync(one, cancellationToken) == 0)
            {
                throw new HttpRequestException("the connection closed in the middle of the response");
            }

            if (one[0] == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            if (line.Length >= most)
            {
                throw new HttpRequestException("the response's head is too long");
            }

            line.Append((char)one[0]);
        }
    }
}
