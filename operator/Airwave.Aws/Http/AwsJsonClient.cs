using System.Text.Json;

namespace Airwave.Aws.Http;

/// <summary>Serializes request records to JSON and response JSON back to records over <see cref="AwsRestClient"/>.</summary>
internal sealed class AwsJsonClient(AwsRestClient rest)
{
    public async Task<TResponse> SendAsync<TResponse>(HttpMethod method, string pathAndQuery, object? body, CancellationToken cancellationToken)
    {
        var response = await SendAsync(method, pathAndQuery, body, cancellationToken);
        return JsonSerializer.Deserialize<TResponse>(response.Body, AwsJson.Options)
            ?? throw new InvalidOperationException($"{method} {pathAndQuery} returned an empty body.");
    }

    public async Task<AwsResponse> SendAsync(HttpMethod method, string pathAndQuery, object? body, CancellationToken cancellationToken)
    {
        var bytes = body is null ? null : JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), AwsJson.Options);
        return await rest.SendAsync(new AwsRequest(method, pathAndQuery, bytes, bytes is null ? null : "application/json"), cancellationToken);
    }
}
