using System.Net;

namespace Airwave.Aws.Errors;

/// <summary>An error response from an AWS service, with the service's error code and message.</summary>
public class AwsServiceException : Exception
{
    public AwsServiceException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
        : base($"{errorCode}: {message}")
    {
        ErrorCode = errorCode;
        ServiceMessage = message;
        StatusCode = statusCode;
        RequestId = requestId;
    }

    /// <summary>The AWS error code, e.g. <c>AwsConflictException</c> or <c>PreconditionFailed</c>.</summary>
    public string ErrorCode { get; }

    /// <summary>The message exactly as the service sent it.</summary>
    public string ServiceMessage { get; }

    public HttpStatusCode StatusCode { get; }

    public string? RequestId { get; }

    /// <summary>Throttling and server-side failures are worth another attempt; everything else is the caller's to fix.</summary>
    public bool IsRetryable =>
        (int)StatusCode >= 500
        || StatusCode == HttpStatusCode.TooManyRequests
        || ErrorCode is "Throttling" or "ThrottlingException" or "TooManyRequestsException" or "RequestLimitExceeded";
}
