using System.Net;

namespace Airwave.Aws.Errors;

/// <summary>The resource does not exist (HTTP 404, or CloudFront's NoSuch* codes).</summary>
public sealed class AwsNotFoundException : AwsServiceException
{
    public AwsNotFoundException(string errorCode, string message, HttpStatusCode statusCode, string? requestId)
        : base(errorCode, message, statusCode, requestId)
    {
    }
}
