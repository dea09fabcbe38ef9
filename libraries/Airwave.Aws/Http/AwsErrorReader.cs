using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Airwave.Aws.Errors;

namespace Airwave.Aws.Http;

/// <summary>Reads the error code and message out of a failed response in the service's protocol.</summary>
internal static class AwsErrorReader
{
    public static AwsServiceException Read(AwsProtocol protocol, HttpStatusCode status, HttpResponseMessage response, byte[] body)
    {
        var requestId = FirstHeader(response, "x-amzn-RequestId") ?? FirstHeader(response, "x-amz-request-id");
        var (code, message) = protocol == AwsProtocol.RestXml ? ReadXml(body) : ReadJson(response, body);
        return AwsErrorFactory.Create(code ?? DefaultCode(status), message ?? status.ToString(), status, requestId);
    }

    private static (string? Code, string? Message) ReadJson(HttpResponseMessage response, byte[] body)
    {
        // The header may carry a namespace suffix: "ConflictException:http://internal.amazon.com/coral/...".
        var code = FirstHeader(response, "x-amzn-ErrorType")?.Split(':')[0];
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    // IVS names it exceptionMessage.
                    if (property.NameEquals("message") || property.NameEquals("Message") || property.NameEquals("exceptionMessage"))
                    {
                        message = property.Value.GetString();
                    }
                    else if (code is null && (property.NameEquals("__type") || property.NameEquals("code")))
                    {
                        code = property.Value.GetString()?.Split('#')[^1];
                    }
                }
            }
        }
        catch (JsonException)
        {
            // A gateway error page instead of a service error; the status code alone must do.
        }
        return (code, message);
    }

    private static (string? Code, string? Message) ReadXml(byte[] body)
    {
        try
        {
            var error = XDocument.Parse(System.Text.Encoding.UTF8.GetString(body)).Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
            return (error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value,
                    error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value);
        }
        catch (System.Xml.XmlException)
        {
            return (null, null);
        }
    }

    private static string DefaultCode(HttpStatusCode status) => status switch
    {
        HttpStatusCode.TooManyRequests => "TooManyRequestsException",
        HttpStatusCode.NotFound => "NotFoundException",
        HttpStatusCode.Conflict => "ConflictException",
        _ when (int)status >= 500 => "InternalServerErrorException",
        _ => "BadRequestException",
    };

    private static string? FirstHeader(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
