using System.Net;

namespace Airwave.Sandbox.Aws.Pipeline;

/// <summary>Thrown by the emulated services; the pipeline renders it in the service's error format.</summary>
internal sealed class AwsApiException(HttpStatusCode status, string code, string message, IReadOnlyList<ValidationError>? validationErrors = null)
    : Exception(message)
{
    /// <summary>S3's errors name what they are about in extra elements: <c>&lt;Key&gt;</c>, <c>&lt;BucketName&gt;</c>, <c>&lt;UploadId&gt;</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Details { get; init; } = [];

    public HttpStatusCode Status { get; } = status;

    public string Code { get; } = code;

    public IReadOnlyList<ValidationError>? ValidationErrors { get; } = validationErrors;

    public static AwsApiException NotFound(string message) => new(HttpStatusCode.NotFound, "NotFoundException", message);

    public static AwsApiException Conflict(string message) => new(HttpStatusCode.Conflict, "ConflictException", message);

    public static AwsApiException BadRequest(string message) => new(HttpStatusCode.BadRequest, "BadRequestException", message);

    /// <summary>IVS's answer to a request its model refuses.</summary>
    public static AwsApiException Invalid(string message) => new(HttpStatusCode.BadRequest, "ValidationException", message);

    /// <summary>IVS's answer about a resource that does not exist.</summary>
    public static AwsApiException ResourceNotFound(string message) => new(HttpStatusCode.NotFound, "ResourceNotFoundException", message);

    public static AwsApiException Unprocessable(string message, IReadOnlyList<ValidationError>? errors = null) =>
        new(HttpStatusCode.UnprocessableEntity, "UnprocessableEntityException", message, errors);
}
