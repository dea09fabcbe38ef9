using System.Net;

namespace Airwave.Aws.Errors;

/// <summary>The request is well-formed but its settings are not valid (HTTP 422).</summary>
public sealed class AwsUnprocessableEntityException : AwsServiceException
{
    public AwsUnprocessableEntityException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
        : base(errorCode, message, statusCode, requestId)
    {
    }
}
