namespace Airwave.Aws.Http;

/// <summary>One REST call: the path and query are relative to the service endpoint and already escaped.</summary>
internal sealed record AwsRequest(
    HttpMethod Method,
    string PathAndQuery,
    byte[]? Body = null,
    string? ContentType = null,
    IReadOnlyDictionary<string, string>? Headers = null);
