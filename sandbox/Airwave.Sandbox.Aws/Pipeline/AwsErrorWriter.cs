using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Airwave.Aws.CloudFront;
using Airwave.Aws.Http;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Aws.Pipeline;

/// <summary>
/// Writes errors as the real services do: rest-json services set <c>x-amzn-ErrorType</c> and send
/// <c>{"message": ...}</c>; CloudWatch its JSON 1.0 <c>__type</c>, KMS and Secrets Manager their JSON 1.1 one; CloudFront and STS send an XML <c>ErrorResponse</c>, S3 a bare XML <c>Error</c>.
/// </summary>
internal static class AwsErrorWriter
{
    public static async Task WriteAsync(HttpContext context, AwsServiceKind service, AwsApiException error)
    {
        var response = context.Response;
        response.StatusCode = (int)error.Status;
        if (service == AwsServiceKind.S3)
        {
            await WriteS3Async(context, error);
            return;
        }
        if (service is AwsServiceKind.CloudFront or AwsServiceKind.Sts)
        {
            XName Name(string local) => service == AwsServiceKind.Sts ? Sts.StsApi.Xmlns + local : CloudFrontXml.Name(local);
            var document = new XElement(Name("ErrorResponse"),
                new XElement(Name("Error"),
                    new XElement(Name("Type"), (int)error.Status >= 500 ? "Receiver" : "Sender"),
                    new XElement(Name("Code"), error.Code),
                    new XElement(Name("Message"), error.Message)),
                new XElement(Name("RequestId"), RequestId(context)));
            response.ContentType = "text/xml";
            await response.WriteAsync("<?xml version=\"1.0\"?>\n" + document.ToString(SaveOptions.DisableFormatting), context.RequestAborted);
            return;
        }
        if (service == AwsServiceKind.CloudWatch)
        {
            await WriteJson10Async(context, error);
            return;
        }
        if (service is AwsServiceKind.Kms or AwsServiceKind.SecretsManager)
        {
            // The JSON 1.1 services' errors: the error's shape in __type.
            response.ContentType = "application/x-amz-json-1.1";
            await response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["__type"] = error.Code, ["message"] = error.Message }), context.RequestAborted);
            return;
        }
        response.Headers["x-amzn-ErrorType"] = error.Code;
        response.ContentType = "application/json";
        // IVS's errors carry their text as exceptionMessage, the others' as message.
        var body = error.ValidationErrors is { } errors
            ? JsonSerializer.SerializeToUtf8Bytes(new { message = error.Message, validationErrors = errors }, EmulatorJson.Options)
            : service == AwsServiceKind.Ivs
                ? JsonSerializer.SerializeToUtf8Bytes(new { exceptionMessage = error.Message }, EmulatorJson.Options)
                : JsonSerializer.SerializeToUtf8Bytes(new { message = error.Message }, EmulatorJson.Options);
        await response.Body.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>
    /// CloudWatch's JSON 1.0 errors: the model's shape name in <c>__type</c>, and the query protocol's code in
    /// <c>x-amzn-query-error</c>, which clients of a query-compatible service report as the error's code.
    /// </summary>
    private static async Task WriteJson10Async(HttpContext context, AwsApiException error)
    {
        var shape = Models.ServiceModel.For(AwsServiceKind.CloudWatch).ErrorShape(error.Code) ?? error.Code;
        context.Response.Headers["x-amzn-query-error"] = $"{error.Code};{((int)error.Status >= 500 ? "Receiver" : "Sender")}";
        context.Response.ContentType = "application/x-amz-json-1.0";
        await context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["__type"] = $"com.amazonaws.cloudwatch#{shape}", ["message"] = error.Message }), context.RequestAborted);
    }

    /// <summary>S3's <c>&lt;Error&gt;</c> document with the elements naming what it is about; a HEAD response has no body, as in S3.</summary>
    private static async Task WriteS3Async(HttpContext context, AwsApiException error)
    {
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }
        var document = new XElement("Error",
            new XElement("Code", error.Code),
            new XElement("Message", error.Message),
            error.Details.Select(d => new XElement(d.Key, d.Value)),
            new XElement("RequestId", RequestId(context)),
            new XElement("HostId", HostId(context)));
        context.Response.ContentType = "application/xml";
        await context.Response.WriteAsync("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + document.ToString(SaveOptions.DisableFormatting), context.RequestAborted);
    }

    /// <summary>S3 names its request ids <c>x-amz-request-id</c> and <c>x-amz-id-2</c>; the others <c>x-amzn-RequestId</c>.</summary>
    public static void SetRequestId(HttpContext context, AwsServiceKind service)
    {
        if (service == AwsServiceKind.S3)
        {
            context.Response.Headers["x-amz-request-id"] = RequestId(context);
            context.Response.Headers["x-amz-id-2"] = HostId(context);
        }
        else
        {
            context.Response.Headers["x-amzn-RequestId"] = RequestId(context);
        }
    }

    private static string HostId(HttpContext context) => Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(RequestId(context)));

    public static string RequestId(HttpContext context)
    {
        if (context.Items.TryGetValue(nameof(RequestId), out var existing) && existing is string id)
        {
            return id;
        }
        id = Guid.NewGuid().ToString();
        context.Items[nameof(RequestId)] = id;
        return id;
    }

    public static AwsApiException ServerError(AwsServiceKind service) => service switch
    {
        AwsServiceKind.CloudFront => new AwsApiException(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable", "The service is unavailable. Please retry."),
        AwsServiceKind.S3 => new AwsApiException(HttpStatusCode.InternalServerError, "InternalError", "We encountered an internal error. Please try again."),
        AwsServiceKind.Ivs => new AwsApiException(HttpStatusCode.InternalServerError, "InternalServerException", "Unexpected error during processing of request."),
        AwsServiceKind.Sts => new AwsApiException(HttpStatusCode.InternalServerError, "InternalFailure", "The request processing has failed because of an unknown error, exception or failure."),
        AwsServiceKind.CloudWatch => new AwsApiException(HttpStatusCode.InternalServerError, "InternalServiceError", "Internal service error."),
        _ => new AwsApiException(HttpStatusCode.InternalServerError, "InternalServerErrorException", "Internal Server Error"),
    };

    /// <summary>An operation of the service's model that the emulator does not implement (501, which clients do not retry).</summary>
    public static AwsApiException NotSupported(AwsOperation operation) => new(
        HttpStatusCode.NotImplemented,
        "NotImplemented",
        $"The Airwave sandbox's AWS emulator does not support {operation.Service} {operation.Name}; it implements the operations Airwave uses (see the sandbox README).");

    /// <summary>The service's answer to a request it finds invalid (a fault the tests inject).</summary>
    public static AwsApiException Rejected(AwsOperation operation) => operation.Service switch
    {
        AwsServiceKind.CloudFront => new AwsApiException(HttpStatusCode.BadRequest, "InvalidArgument", $"The request to {operation.Name} is not valid (injected fault)."),
        AwsServiceKind.S3 => new AwsApiException(HttpStatusCode.BadRequest, "InvalidRequest", $"The request to {operation.Name} is not valid (injected fault)."),
        AwsServiceKind.Ivs => AwsApiException.Invalid($"{operation.Name} failed: the request is not valid (injected fault)."),
        AwsServiceKind.Sts => new AwsApiException(HttpStatusCode.BadRequest, "ValidationError", $"{operation.Name} failed: the request is not valid (injected fault)."),
        AwsServiceKind.CloudWatch => new AwsApiException(HttpStatusCode.BadRequest, "InvalidParameterValue", $"{operation.Name} failed: the request is not valid (injected fault)."),
        _ => AwsApiException.Unprocessable($"{operation.Name} failed: the request is not valid (injected fault).", [new ValidationError("request", "rejected by an injected fault")]),
    };

    public static AwsApiException Throttled(AwsServiceKind service) => service switch
    {
        AwsServiceKind.CloudFront or AwsServiceKind.Sts or AwsServiceKind.CloudWatch => new AwsApiException(HttpStatusCode.BadRequest, "Throttling", "Rate exceeded"),
        AwsServiceKind.S3 => new AwsApiException(HttpStatusCode.ServiceUnavailable, "SlowDown", "Please reduce your request rate."),
        AwsServiceKind.Ivs => new AwsApiException(HttpStatusCode.TooManyRequests, "ThrottlingException", "Rate exceeded"),
        _ => new AwsApiException(HttpStatusCode.TooManyRequests, "TooManyRequestsException", "Too Many Requests"),
    };
}
