using System.Net;

namespace Airwave.Aws.Errors;

/// <summary>CloudFront's If-Match ETag is stale: someone else changed the configuration (HTTP 412).</summary>
public sealed class AwsPreconditionFailedException : AwsServiceException
{
    public AwsPreconditionFailedException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
        : base(errorCode, message, statusCode, requestId)
    {
    }
}
