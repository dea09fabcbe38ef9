namespace Airwave.Aws.Http;

/// <summary>One REST call: the path and query are relative to the service endpoint and already escaped.</summary>
/// <param name="Repeatable">
/// Whether sending the call again after its answer was lost is harmless. A create without an idempotency token is
/// not: the first attempt may have made the resource, and a second would make another. Such a call is not resent
/// after a transport failure; its caller looks for what the first attempt made.
/// </param>
internal sealed record AwsRequest(
    HttpMethod Method,
    string PathAndQuery,
    byte[]? Body = null,
    string? ContentType = null,
    IReadOnlyDictionary<string, string>? Headers = null,
    bool Repeatable = true);
