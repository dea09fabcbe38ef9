using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Airwave.Aws.Signing;
using Airwave.Sandbox.Aws.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Airwave.Sandbox.Aws.S3;

/// <summary>
/// Authenticates an S3 request as S3 does: SigV4 in the Authorization header (the payload named by
/// <c>x-amz-content-sha256</c>: a hash, UNSIGNED-PAYLOAD, or aws-chunked streaming) or in a presigned URL's query,
/// with S3's error codes. Returns the body, decoded when it was sent aws-chunked.
/// </summary>
internal sealed class S3Authenticator(AwsEmulatorOptions options)
{
    private const string MismatchMessage =
        "The request signature we calculated does not match the signature you provided. Check your key and signing method.";
    private const int MaxPresignedSeconds = 7 * 24 * 3600;

    public async Task<S3Payload> AuthenticateAsync(HttpContext context)
    {
        var request = context.Request;
        var body = await ReadBodyAsync(request, context.RequestAborted);
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.ToString();
        var queryStart = target.IndexOf('?', StringComparison.Ordinal);
        var path = queryStart < 0 ? target : target[..queryStart];
        var query = queryStart < 0 ? "" : target[(queryStart + 1)..];
        if (request.Query.ContainsKey("X-Amz-Algorithm"))
        {
            VerifyPresigned(request, path, query);
            return new S3Payload(body, S3Payload.NoTrailers);
        }

        if (!SigV4AuthorizationHeader.TryParse(request.Headers.Authorization.ToString(), out var authorization) || authorization is null)
        {
            throw S3Errors.AccessDenied();
        }
        CheckCredential(authorization.AccessKeyId, authorization.Region, authorization.Service, "AuthorizationHeaderMalformed", "The authorization header is malformed; ");
        var amzDate = request.Headers["X-Amz-Date"].ToString();
        if (!TryParseDate(amzDate, out var signedAt) || amzDate[..8] != authorization.Date)
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "AuthorizationHeaderMalformed", "The authorization header is malformed; Invalid credential date. Date is not the same as X-Amz-Date.");
        }
        var now = options.Time.GetUtcNow();
        if ((now - signedAt).Duration() > options.MaxClockSkew)
        {
            throw new AwsApiException(HttpStatusCode.Forbidden, "RequestTimeTooSkewed", "The difference between the request time and the current time is too large.")
            {
                Details = [new("RequestTime", amzDate), new("ServerTime", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))],
            };
        }
        var payloadHash = request.Headers["x-amz-content-sha256"].ToString();
        if (payloadHash.Length == 0)
        {
            throw S3Errors.InvalidRequest("Missing required header for this request: x-amz-content-sha256");
        }

        var headers = authorization.SignedHeaders
            .SelectMany(name => request.Headers[name].Select(value => new KeyValuePair<string, string>(name, value ?? "")))
            .ToList();
        var canonical = new SigV4Request(request.Method, path, query, headers, payloadHash, authorization.SignedHeaders) { NormalizePath = false };
        var scope = SigV4.CredentialScope(amzDate, authorization.Region, authorization.Service);
        var stringToSign = SigV4.StringToSign(SigV4.CanonicalRequest(canonical), amzDate, scope);
        var key = SigV4.SigningKey(options.Credentials.SecretAccessKey, amzDate, authorization.Region, authorization.Service);
        var signature = SigV4.Signature(key, stringToSign);
        if (!Same(signature, authorization.Signature))
        {
            throw Mismatch(authorization.AccessKeyId, stringToSign, authorization.Signature);
        }

        return payloadHash switch
        {
            "UNSIGNED-PAYLOAD" => new S3Payload(body, S3Payload.NoTrailers),
            "STREAMING-UNSIGNED-PAYLOAD-TRAILER" => Decoded(request, body, null),
            "STREAMING-AWS4-HMAC-SHA256-PAYLOAD" or "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER" =>
                Decoded(request, body, new ChunkSigning(key, amzDate, scope, signature)),
            _ when payloadHash.Length == 64 && payloadHash.All(char.IsAsciiHexDigitLower) => Hashed(body, payloadHash),
            _ => throw S3Errors.InvalidArgument(
                "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a valid sha256 value.",
                "x-amz-content-sha256",
                payloadHash),
        };
    }

    private void VerifyPresigned(HttpRequest request, string path, string query)
    {
        const string Code = "AuthorizationQueryParametersError";
        var parameters = request.Query;
        if (parameters["X-Amz-Algorithm"] != SigV4.Algorithm)
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, Code, "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
        }
        var credential = parameters["X-Amz-Credential"].ToString().Split('/');
        var amzDate = parameters["X-Amz-Date"].ToString();
        var signedHeaders = parameters["X-Amz-SignedHeaders"].ToString();
        var provided = parameters["X-Amz-Signature"].ToString();
        if (credential is not [var accessKeyId, var date, var region, var service, "aws4_request"] || signedHeaders.Length == 0 || provided.Length == 0
            || !TryParseDate(amzDate, out var signedAt) || amzDate[..8] != date)
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, Code,
                "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
        }
        if (!int.TryParse(parameters["X-Amz-Expires"], NumberStyles.None, CultureInfo.InvariantCulture, out var expires) || expires > MaxPresignedSeconds)
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, Code, "X-Amz-Expires must be less than a week (in seconds) that is 604800");
        }
        CheckCredential(accessKeyId, region, service, Code, "Error parsing the X-Amz-Credential parameter; ");
        var now = options.Time.GetUtcNow();
        if (now > signedAt.AddSeconds(expires))
        {
            throw S3Errors.AccessDenied("Request has expired");
        }

        var signedQuery = string.Join('&', query.Split('&').Where(pair => !pair.StartsWith("X-Amz-Signature=", StringComparison.Ordinal)));
        var names = signedHeaders.Split(';');
        var headers = names
            .SelectMany(name => request.Headers[name].Select(value => new KeyValuePair<string, string>(name, value ?? "")))
            .ToList();
        var canonical = new SigV4Request(request.Method, path, signedQuery, headers, "UNSIGNED-PAYLOAD", names) { NormalizePath = false };
        var stringToSign = SigV4.StringToSign(SigV4.CanonicalRequest(canonical), amzDate, SigV4.CredentialScope(amzDate, region, service));
        var signature = SigV4.Signature(SigV4.SigningKey(options.Credentials.SecretAccessKey, amzDate, region, service), stringToSign);
        if (!Same(signature, provided))
        {
            throw Mismatch(accessKeyId, stringToSign, provided);
        }
    }

    private void CheckCredential(string accessKeyId, string region, string service, string malformedCode, string malformedPrefix)
    {
        if (accessKeyId != options.Credentials.AccessKeyId)
        {
            throw new AwsApiException(HttpStatusCode.Forbidden, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.")
            {
                Details = [new("AWSAccessKeyId", accessKeyId)],
            };
        }
        if (service != "s3")
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, malformedCode, $"{malformedPrefix}incorrect service \"{service}\". This endpoint belongs to \"s3\".");
        }
        if (region != options.Region)
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, malformedCode, $"{malformedPrefix}the region '{region}' is wrong; expecting '{options.Region}'")
            {
                Details = [new("Region", options.Region)],
            };
        }
    }

    private static S3Payload Decoded(HttpRequest request, byte[] body, ChunkSigning? signing)
    {
        var payload = AwsChunkedDecoder.Decode(body, signing);
        if (long.TryParse(request.Headers["x-amz-decoded-content-length"], NumberStyles.None, CultureInfo.InvariantCulture, out var length) && length != payload.Content.Length)
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header");
        }
        return payload;
    }

    private static S3Payload Hashed(byte[] body, string claimed)
    {
        var computed = SigV4.HashHex(body);
        if (computed != claimed)
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.")
            {
                Details = [new("ClientComputedContentSHA256", claimed), new("S3ComputedContentSHA256", computed)],
            };
        }
        return new S3Payload(body, S3Payload.NoTrailers);
    }

    private static AwsApiException Mismatch(string accessKeyId, string stringToSign, string provided) =>
        new(HttpStatusCode.Forbidden, "SignatureDoesNotMatch", MismatchMessage)
        {
            // As S3 does, so that whoever signed can compare: neither names the secret.
            Details = [new("AWSAccessKeyId", accessKeyId), new("StringToSign", stringToSign), new("SignatureProvided", provided)],
        };

    private static bool TryParseDate(string value, out DateTimeOffset date) =>
        DateTimeOffset.TryParseExact(value, SigV4.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date) && value.Length >= 8;

    private static bool Same(string expected, string provided) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(provided));

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}
