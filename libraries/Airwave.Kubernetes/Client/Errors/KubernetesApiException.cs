using System.Net;

namespace Airwave.Kubernetes.Client.Errors;

/// <summary>The API server rejected a request; <see cref="Status"/> is its answer.</summary>
public class KubernetesApiException : Exception
{
    public KubernetesApiException(HttpStatusCode statusCode, ApiStatus status)
        : base(Describe(statusCode, status))
    {
        StatusCode = statusCode;
        Status = status;
    }

    public HttpStatusCode StatusCode { get; }
    public ApiStatus Status { get; }

    /// <summary>The most specific exception for a failed response.</summary>
    public static KubernetesApiException From(HttpStatusCode statusCode, ApiStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return (statusCode, status.Reason) switch
        {
            (HttpStatusCode.Conflict, "AlreadyExists") => new AlreadyExistsException(status),
            (HttpStatusCode.Conflict, _) => new ConflictException(status),
            (HttpStatusCode.NotFound, _) => new NotFoundException(status),
            (HttpStatusCode.Gone, _) or (_, "Expired") => new GoneException(statusCode, status),
            (HttpStatusCode.UnprocessableEntity, _) => new InvalidException(status),
            (HttpStatusCode.BadRequest, _) => new BadRequestException(status),
            (HttpStatusCode.Unauthorized, _) => new UnauthorizedException(status),
            (HttpStatusCode.Forbidden, _) => new ForbiddenException(status),
            (HttpStatusCode.TooManyRequests, _) => new TooManyRequestsException(status),
            (>= HttpStatusCode.InternalServerError, _) => new ServerErrorException(statusCode, status),
            _ => new KubernetesApiException(statusCode, status),
        };
    }

    private static string Describe(HttpStatusCode statusCode, ApiStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var reason = status.Reason is { Length: > 0 } r ? r : statusCode.ToString();
        return status.Message is { Length: > 0 } message
            ? $"{(int)statusCode} {reason}: {message}"
            : $"{(int)statusCode} {reason}";
    }
}
