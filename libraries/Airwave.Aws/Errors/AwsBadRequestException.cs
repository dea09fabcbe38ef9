using System.Net;

namespace Airwave.Aws.Errors;

/// <summary>The request is malformed or not allowed (HTTP 400).</summary>
public sealed class AwsBadRequestException : AwsServiceException
{
    public AwsBadRequestException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
        : base(errorCode, message, statusCode, requestId)
    {
    }
}
