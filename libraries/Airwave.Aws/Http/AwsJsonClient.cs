using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Airwave.Aws.Http;

/// <summary>Serializes request records to JSON and response JSON back to records over <see cref="AwsRestClient"/>.</summary>
internal sealed class AwsJsonClient(AwsRestClient rest)
{
    private const int PageSize = 100;

    public async Task<TResponse> SendAsync<TResponse>(HttpMethod method, string pathAndQuery, object? body, CancellationToken cancellationToken, [CallerMemberName] string operation = "", bool repeatable = true)
    {
        var response = await SendAsync(method, pathAndQuery, body, cancellationToken, operation, repeatable);
        return JsonSerializer.Deserialize(response.Body, AwsJson.TypeInfo<TResponse>())
            ?? throw new InvalidOperationException($"{method} {pathAndQuery} returned an empty body.");
    }

    /// <param name="repeatable">False for a create without an idempotency token (see <see cref="AwsRequest.Repeatable"/>).</param>
    public async Task<AwsResponse> SendAsync(HttpMethod method, string pathAndQuery, object? body, CancellationToken cancellationToken, [CallerMemberName] string operation = "", bool repeatable = true)
    {
        var bytes = body is null ? null : JsonSerializer.SerializeToUtf8Bytes(body, AwsJson.Options.GetTypeInfo(body.GetType()));
        return await rest.SendAsync(new AwsRequest(method, pathAndQuery, bytes, bytes is null ? null : "application/json", Repeatable: repeatable), cancellationToken, operation);
    }

    /// <summary>Follows <c>nextToken</c> until the last page and returns every item.</summary>
    public async Task<IReadOnlyList<TItem>> ListAllAsync<TPage, TItem>(
        string path,
        IReadOnlyList<(string Name, string? Value)> filters,
        Func<TPage, (IReadOnlyList<TItem>? Items, string? NextToken)> read,
        CancellationToken cancellationToken,
        [CallerMemberName] string operation = "")
    {
        var items = new List<TItem>();
        string? nextToken = null;
        do
        {
            (string, string?)[] query = [.. filters, ("maxResults", PageSize.ToString(CultureInfo.InvariantCulture)), ("nextToken", nextToken)];
            var page = await SendAsync<TPage>(HttpMethod.Get, AwsPath.WithQuery(path, query), null, cancellationToken, operation);
            var (pageItems, token) = read(page);
            items.AddRange(pageItems ?? []);
            nextToken = token;
        }
        while (!string.IsNullOrEmpty(nextToken));
        return items;
    }
}
