using System.Net;

namespace Airwave.Aws.Errors;

/// <summary>Maps an AWS error code and HTTP status to the typed exception callers catch.</summary>
internal static class AwsErrorFactory
{
    public static AwsServiceException Create(string errorCode, string message, HttpStatusCode statusCode, string? requestId) =>
        (errorCode, statusCode) switch
        {
            ("ConflictException", _) or (_, HttpStatusCode.Conflict) => new AwsConflictException(errorCode, message, statusCode, requestId),
            ("PreconditionFailed", _) or (_, HttpStatusCode.PreconditionFailed) => new AwsPreconditionFailedException(errorCode, message, statusCode, requestId),
            ("NotFoundException" or "NoSuchDistribution" or "NoSuchOrigin", _) or (_, HttpStatusCode.NotFound) => new AwsNotFoundException(errorCode, message, statusCode, requestId),
            ("UnprocessableEntityException", _) or (_, HttpStatusCode.UnprocessableEntity) => new AwsUnprocessableEntityException(errorCode, message, statusCode, requestId),
            ("TooManyRequestsException" or "Throttling" or "ThrottlingException", _) or (_, HttpStatusCode.TooManyRequests) => new AwsTooManyRequestsException(errorCode, message, statusCode, requestId),
            (_, HttpStatusCode.Forbidden) => new AwsAccessDeniedException(errorCode, message, statusCode, requestId),
            (_, HttpStatusCode.BadRequest) => new AwsBadRequestException(errorCode, message, statusCode, requestId),
            _ => new AwsServiceException(errorCode, message, statusCode, requestId),
        };
}
