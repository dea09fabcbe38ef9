using System.Net;

namespace Airwave.Aws.Errors;

/// <summary>The caller is throttled (HTTP 429 or a throttling error code); retried with backoff before it surfaces.</summary>
public sealed class AwsTooManyRequestsException : AwsServiceException
{
    public AwsTooManyRequestsException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
        : base(errorCode, message, statusCode, requestId)
    {
    }
}
