using System.Net;
using Airwave.Aws.Signing;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Aws.Pipeline;

/// <summary>Checks a request's SigV4 signature the way the services do, with their error codes and messages.</summary>
internal sealed class SignatureVerifier(AwsEmulatorOptions options)
{
    private const string MismatchMessage =
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    public async Task VerifyAsync(HttpContext context, AwsOperation operation)
    {
        var request = context.Request;
        // CloudFront and STS (query-style XML services) name their errors without the Exception suffix.
        var cloudFront = operation.Service is AwsServiceKind.CloudFront or AwsServiceKind.Sts;
        if (!SigV4AuthorizationHeader.TryParse(request.Headers.Authorization.ToString(), out var authorization) || authorization is null)
        {
            throw new AwsApiException(HttpStatusCode.Forbidden, cloudFront ? "MissingAuthenticationToken" : "MissingAuthenticationTokenException", "Missing Authentication Token");
        }
        if (authorization.AccessKeyId != options.Credentials.AccessKeyId)
        {
            throw new AwsApiException(HttpStatusCode.Forbidden, cloudFront ? "InvalidClientTokenId" : "UnrecognizedClientException", "The security token included in the request is invalid.");
        }
        // CloudFront is global and signed for us-east-1; STS's global endpoint is too, its regional ones for their region.
        var expectedRegion = operation.Service == AwsServiceKind.CloudFront || (operation.Service == AwsServiceKind.Sts && authorization.Region == "us-east-1") ? "us-east-1" : options.Region;
        if (authorization.Service != operation.SigningName || authorization.Region != expectedRegion)
        {
            throw Mismatch(cloudFront, $"Credential should be scoped to correct service: '{operation.SigningName}' and region '{expectedRegion}'.");
        }
        var amzDate = request.Headers["X-Amz-Date"].ToString();
        if (!SignedRequest.TryParseDate(amzDate, out var signedAt) || amzDate[..8] != authorization.Date)
        {
            throw Mismatch(cloudFront, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }
        var now = options.Time.GetUtcNow();
        if ((now - signedAt).Duration() > options.MaxClockSkew)
        {
            throw Mismatch(cloudFront, $"Signature expired: {amzDate} is now earlier than {SigV4.FormatDate(now - options.MaxClockSkew)}");
        }

        var body = await SignedRequest.ReadBodyAsync(request, rewind: true, context.RequestAborted);
        var (path, query) = SignedRequest.Target(context);
        var (_, expected, _) = SignedRequest.Compute(
            request, path, query, authorization.SignedHeaders, SigV4.HashHex(body), normalizePath: true,
            options.Credentials.SecretAccessKey, amzDate, authorization.Region, authorization.Service);
        if (!SignedRequest.Same(expected, authorization.Signature))
        {
            throw Mismatch(cloudFront, MismatchMessage);
        }
    }

    private static AwsApiException Mismatch(bool cloudFront, string message) =>
        new(HttpStatusCode.Forbidden, cloudFront ? "SignatureDoesNotMatch" : "InvalidSignatureException", message);
}
