using System.Net;

namespace Airwave.Aws.Errors;

/// <summary>The credentials are missing, unknown, or the signature does not match (HTTP 403).</summary>
public sealed class AwsAccessDeniedException : AwsServiceException
{
    public AwsAccessDeniedException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
        : base(errorCode, message, statusCode, requestId)
    {
    }
}
