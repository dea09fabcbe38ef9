using Airwave.Media.Transcoding;

namespace Airwave.Transcoder.Fetching;

/// <summary>
/// Fetches the source to the Job's scratch disk once, so that probing and transcoding read a file rather than the
/// network twice; a source over the size limit stops before the disk fills. Messages never carry the URL: a
/// presigned one is a key.
/// </summary>
public sealed class SourceDownload(HttpClient http)
{
    /// <param name="percentDone">Told how much has arrived, where the server said how much there is.</param>
    public async Task<string> FetchAsync(string url, long maxBytes, string directory, Action<double> percentDone, CancellationToken cancellationToken)
    {
        var file = Path.Combine(directory, "source");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new TranscodeException(TranscodeFailureReason.SourceUnreadable, $"The source could not be fetched: {e.Message}", e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new TranscodeException(TranscodeFailureReason.SourceUnreadable, $"The source could not be fetched: its server answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }

            var length = response.Content.Headers.ContentLength;
            if (length > maxBytes)
            {
                throw TooLarge(maxBytes);
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            await using var output = File.Create(file);
            var buffer = new byte[1 << 16];
            long total = 0;
            try
            {
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    total += read;
                    if (total > maxBytes)
                    {
                        throw TooLarge(maxBytes);
                    }

                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    if (length > 0)
                    {
                        percentDone(100.0 * total / length.Value);
                    }
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                throw new TranscodeException(TranscodeFailureReason.SourceUnreadable, $"The source was cut off after {total} bytes: {e.Message}", e);
            }
        }

        return file;
    }

    private static TranscodeException TooLarge(long maxBytes) =>
        new(TranscodeFailureReason.TooLarge, $"The source is larger than the limit of {maxBytes} bytes.");
}
