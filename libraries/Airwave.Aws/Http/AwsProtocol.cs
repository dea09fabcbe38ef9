namespace Airwave.Aws.Http;

/// <summary>How a service encodes its error responses.</summary>
public enum AwsProtocol
{
    /// <summary>MediaLive, MediaPackage: <c>x-amzn-ErrorType</c> header and a JSON <c>message</c>.</summary>
    RestJson,

    /// <summary>CloudFront: an XML <c>ErrorResponse</c> document.</summary>
    RestXml,
}
