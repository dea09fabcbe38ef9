using System.Net;

namespace Airwave.Aws.Errors;

/// <summary>The resource is in a state that does not allow the operation (HTTP 409).</summary>
public sealed class AwsConflictException : AwsServiceException
{
    public AwsConflictException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
        : base(errorCode, message, statusCode, requestId)
    {
    }
}
