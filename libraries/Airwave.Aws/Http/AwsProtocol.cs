namespace Airwave.Aws.Http;

/// <summary>How a service encodes its error responses.</summary>
public enum AwsProtocol
{
    /// <summary>MediaLive, MediaPackage, IVS (rest-json) and CloudWatch (JSON 1.0): a JSON <c>message</c>, the code in the <c>x-amzn-ErrorType</c> header or the body's <c>__type</c>.</summary>
    RestJson,

    /// <summary>CloudFront: an XML <c>ErrorResponse</c> document.</summary>
    RestXml,
}
