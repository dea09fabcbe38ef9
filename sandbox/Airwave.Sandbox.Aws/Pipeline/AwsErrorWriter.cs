using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Airwave.Aws.CloudFront;
using Airwave.Aws.Http;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Aws.Pipeline;

/// <summary>
/// Writes errors as the real services do: rest-json services set <c>x-amzn-ErrorType</c> and send
/// <c>{"message": ...}</c>; CloudFront sends an XML <c>ErrorResponse</c>.
/// </summary>
internal static class AwsErrorWriter
{
    public static async Task WriteAsync(HttpContext context, AwsServiceKind service, AwsApiException error)
    {
        var response = context.Response;
        response.StatusCode = (int)error.Status;
        if (service == AwsServiceKind.CloudFront)
        {
            var document = new XElement(CloudFrontXml.Name("ErrorResponse"),
                new XElement(CloudFrontXml.Name("Error"),
                    new XElement(CloudFrontXml.Name("Type"), (int)error.Status >= 500 ? "Receiver" : "Sender"),
                    new XElement(CloudFrontXml.Name("Code"), error.Code),
                    new XElement(CloudFrontXml.Name("Message"), error.Message)),
                new XElement(CloudFrontXml.Name("RequestId"), RequestId(context)));
            response.ContentType = "text/xml";
            await response.WriteAsync("<?xml version=\"1.0\"?>\n" + document.ToString(SaveOptions.DisableFormatting), context.RequestAborted);
            return;
        }
        response.Headers["x-amzn-ErrorType"] = error.Code;
        response.ContentType = "application/json";
        var body = error.ValidationErrors is { } errors
            ? JsonSerializer.SerializeToUtf8Bytes(new { message = error.Message, validationErrors = errors }, AwsJson.Options)
            : JsonSerializer.SerializeToUtf8Bytes(new { message = error.Message }, AwsJson.Options);
        await response.Body.WriteAsync(body, context.RequestAborted);
    }

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

    public static AwsApiException ServerError(AwsServiceKind service) => service == AwsServiceKind.CloudFront
        ? new AwsApiException(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable", "The service is unavailable. Please retry.")
        : new AwsApiException(HttpStatusCode.InternalServerError, "InternalServerErrorException", "Internal Server Error");

    /// <summary>An operation of the service's model that the emulator does not implement (501, which clients do not retry).</summary>
    public static AwsApiException NotSupported(AwsOperation operation) => new(
        HttpStatusCode.NotImplemented,
        "NotImplemented",
        $"The Airwave sandbox's AWS emulator does not support {operation.Service} {operation.Name}; it implements the operations Airwave uses (see the sandbox README).");

    public static AwsApiException Throttled(AwsServiceKind service) => service == AwsServiceKind.CloudFront
        ? new AwsApiException(HttpStatusCode.BadRequest, "Throttling", "Rate exceeded")
        : new AwsApiException(HttpStatusCode.TooManyRequests, "TooManyRequestsException", "Too Many Requests");
}
