using System.Net;
using System.Net.Http.Headers;

namespace Airwave.Aws.Http;

/// <summary>A successful response, fully read.</summary>
internal sealed record AwsResponse(HttpStatusCode StatusCode, HttpResponseHeaders Headers, byte[] Body);
