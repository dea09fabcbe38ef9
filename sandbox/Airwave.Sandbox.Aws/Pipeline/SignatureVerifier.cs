using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Airwave.Aws.Signing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Airwave.Sandbox.Aws.Pipeline;

/// <summary>Checks a request's SigV4 signature the way the services do, with their error codes and messages.</summary>
internal sealed class SignatureVerifier(AwsEmulatorOptions options)
{
    private const string MismatchMessage =
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    public async Task VerifyAsync(HttpContext context, AwsOperation operation)
    {
        var request = context.Request;
        var cloudFront = operation.Service == AwsServiceKind.CloudFront;
        if (!SigV4AuthorizationHeader.TryParse(request.Headers.Authorization.ToString(), out var authorization) || authorization is null)
        {
            throw new AwsApiException(HttpStatusCode.Forbidden, cloudFront ? "MissingAuthenticationToken" : "MissingAuthenticationTokenException", "Missing Authentication Token");
        }
        if (authorization.AccessKeyId != options.Credentials.AccessKeyId)
        {
            throw new AwsApiException(HttpStatusCode.Forbidden, cloudFront ? "InvalidClientTokenId" : "UnrecognizedClientException", "The security token included in the request is invalid.");
        }
        var expectedRegion = cloudFront ? "us-east-1" : options.Region;
        if (authorization.Service != operation.SigningName || authorization.Region != expectedRegion)
        {
            throw Mismatch(cloudFront, $"Credential should be scoped to correct service: '{operation.SigningName}' and region '{expectedRegion}'.");
        }
        var amzDate = request.Headers["X-Amz-Date"].ToString();
        if (!DateTimeOffset.TryParseExact(amzDate, SigV4.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt)
            || amzDate[..8] != authorization.Date)
        {
            throw Mismatch(cloudFront, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }
        var now = options.Time.GetUtcNow();
        if ((now - signedAt).Duration() > options.MaxClockSkew)
        {
            throw Mismatch(cloudFront, $"Signature expired: {amzDate} is now earlier than {SigV4.FormatDate(now - options.MaxClockSkew)}");
        }

        var body = await ReadBodyAsync(request, context.RequestAborted);
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.ToString();
        var queryStart = target.IndexOf('?', StringComparison.Ordinal);
        var headers = authorization.SignedHeaders
            .SelectMany(name => request.Headers[name].Select(value => new KeyValuePair<string, string>(name, value ?? "")))
            .ToList();
        var canonical = new SigV4Request(
            request.Method,
            queryStart < 0 ? target : target[..queryStart],
            queryStart < 0 ? "" : target[(queryStart + 1)..],
            headers,
            SigV4.HashHex(body),
            authorization.SignedHeaders);
        var scope = SigV4.CredentialScope(amzDate, authorization.Region, authorization.Service);
        var stringToSign = SigV4.StringToSign(SigV4.CanonicalRequest(canonical), amzDate, scope);
        var expected = SigV4.Signature(SigV4.SigningKey(options.Credentials.SecretAccessKey, amzDate, authorization.Region, authorization.Service), stringToSign);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(authorization.Signature)))
        {
            throw Mismatch(cloudFront, MismatchMessage);
        }
    }

    private static AwsApiException Mismatch(bool cloudFront, string message) =>
        new(HttpStatusCode.Forbidden, cloudFront ? "SignatureDoesNotMatch" : "InvalidSignatureException", message);

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.EnableBuffering();
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        request.Body.Position = 0;
        return buffer.ToArray();
    }
}
