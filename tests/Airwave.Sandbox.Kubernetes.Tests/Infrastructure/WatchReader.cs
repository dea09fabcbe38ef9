using System.Text.Json.Nodes;

namespace Airwave.Sandbox.Kubernetes.Tests.Infrastructure;

/// <summary>An open watch response read event by event.</summary>
public sealed class WatchReader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private WatchReader(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public int StatusCode => (int)_response.StatusCode;

    public static async Task<WatchReader> OpenAsync(HttpClient http, string pathAndQuery)
    {
        var response = await http.GetAsync(pathAndQuery, HttpCompletionOption.ResponseHeadersRead);
        return new WatchReader(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    /// <summary>The next event, or null when the server ended the stream.</summary>
    public async Task<JsonNode?> NextAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var line = await _reader.ReadLineAsync(cts.Token);
        return line is null ? null : JsonNode.Parse(line);
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        await Task.CompletedTask;
    }
}
