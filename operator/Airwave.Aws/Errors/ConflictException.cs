using System.Net;

namespace Airwave.Aws.Errors;

/// <summary>The resource is in a state that does not allow the operation (HTTP 409).</summary>
public sealed class ConflictException : AwsServiceException
{
    public ConflictException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
        : base(errorCode, message, statusCode, requestId)
    {
    }
}
