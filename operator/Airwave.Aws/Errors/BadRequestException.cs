using System.Net;

namespace Airwave.Aws.Errors;

/// <summary>The request is malformed or not allowed (HTTP 400).</summary>
public sealed class BadRequestException : AwsServiceException
{
    public BadRequestException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
        : base(errorCode, message, statusCode, requestId)
    {
    }
}
