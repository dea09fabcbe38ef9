using System.Globalization;
using System.Net;
using Airwave.Aws.Signing;
using Airwave.Sandbox.Aws.Pipeline;
using Airwave.Sandbox.Aws.Sts;
using Microsoft.AspNetCore.Http;

namespace Airwave.Sandbox.Aws.S3;

/// <summary>
/// Authenticates an S3 request as S3 does: SigV4 in the Authorization header (the payload named by
/// <c>x-amz-content-sha256</c>: a hash, UNSIGNED-PAYLOAD, or aws-chunked streaming) or in a presigned URL's query,
/// with S3's error codes. Signed with the account's key, or with a session's that STS issued (its token in
/// <c>X-Amz-Security-Token</c>; refused once it expired). Returns the body, decoded when it was sent aws-chunked,
/// and the session it was signed with.
/// </summary>
internal sealed class S3Authenticator(AwsEmulatorOptions options, StsSessions sessions)
{
    private const string MismatchMessage =
        "The request signature we calculated does not match the signature you provided. Check your key and signing method.";
    private const int MaxPresignedSeconds = 7 * 24 * 3600;

    public async Task<S3Payload> AuthenticateAsync(HttpContext context)
    {
        var request = context.Request;
        var body = await SignedRequest.ReadBodyAsync(request, rewind: false, context.RequestAborted);
        var (path, query) = SignedRequest.Target(context);
        if (IsSignatureVersion2(request))
        {
            // S3 refuses SigV2 for every bucket made since June 2020, as this one does, with the answer it gives them
            // (the AWS CLI v1's `s3 presign` signs so; v2, and the SDKs, sign with SigV4).
            throw S3Errors.InvalidRequest("The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.");
        }

        if (request.Query.ContainsKey("X-Amz-Algorithm"))
        {
            var presigner = VerifyPresigned(request, path, query);
            return new S3Payload(body, S3Payload.NoTrailers) { Session = presigner };
        }

        if (!SigV4AuthorizationHeader.TryParse(request.Headers.Authorization.ToString(), out var authorization) || authorization is null)
        {
            throw S3Errors.AccessDenied();
        }
        var (secret, session) = CheckCredential(authorization.AccessKeyId, request.Headers["X-Amz-Security-Token"].ToString(), authorization.Region, authorization.Service, "AuthorizationHeaderMalformed", "The authorization header is malformed; ");
        var amzDate = request.Headers["X-Amz-Date"].ToString();
        if (!SignedRequest.TryParseDate(amzDate, out var signedAt) || amzDate[..8] != authorization.Date)
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

        var (stringToSign, signature, key) = SignedRequest.Compute(
            request, path, query, authorization.SignedHeaders, payloadHash, normalizePath: false,
            secret, amzDate, authorization.Region, authorization.Service);
        if (!SignedRequest.Same(signature, authorization.Signature))
        {
            throw Mismatch(authorization.AccessKeyId, stringToSign, authorization.Signature);
        }

        var payload = payloadHash switch
        {
            "UNSIGNED-PAYLOAD" => new S3Payload(body, S3Payload.NoTrailers),
            "STREAMING-UNSIGNED-PAYLOAD-TRAILER" => Decoded(request, body, null),
            "STREAMING-AWS4-HMAC-SHA256-PAYLOAD" or "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER" =>
                Decoded(request, body, new ChunkSigning(key, amzDate, SigV4.CredentialScope(amzDate, authorization.Region, authorization.Service), signature)),
            _ when payloadHash.Length == 64 && payloadHash.All(char.IsAsciiHexDigitLower) => Hashed(body, payloadHash),
            _ => throw S3Errors.InvalidArgument(
                "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a valid sha256 value.",
                "x-amz-content-sha256",
                payloadHash),
        };
        return payload with { Session = session };
    }

    /// <summary>Checks a presigned URL; returns the session it was signed with, if any.</summary>
    private StsSession? VerifyPresigned(HttpRequest request, string path, string query)
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
            || !SignedRequest.TryParseDate(amzDate, out var signedAt) || amzDate[..8] != date)
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, Code,
                "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
        }
        if (!int.TryParse(parameters["X-Amz-Expires"], NumberStyles.None, CultureInfo.InvariantCulture, out var expires) || expires > MaxPresignedSeconds)
        {
            throw new AwsApiException(HttpStatusCode.BadRequest, Code, "X-Amz-Expires must be less than a week (in seconds) that is 604800");
        }
        var (secret, session) = CheckCredential(accessKeyId, parameters["X-Amz-Security-Token"].ToString(), region, service, Code, "Error parsing the X-Amz-Credential parameter; ");
        var now = options.Time.GetUtcNow();
        if (now > signedAt.AddSeconds(expires))
        {
            throw S3Errors.AccessDenied("Request has expired");
        }

        var signedQuery = string.Join('&', query.Split('&').Where(pair => !pair.StartsWith("X-Amz-Signature=", StringComparison.Ordinal)));
        var (stringToSign, signature, _) = SignedRequest.Compute(
            request, path, signedQuery, signedHeaders.Split(';'), "UNSIGNED-PAYLOAD", normalizePath: false,
            secret, amzDate, region, service);
        if (!SignedRequest.Same(signature, provided))
        {
            throw Mismatch(accessKeyId, stringToSign, provided);
        }

        return session;
    }

    /// <summary>The secret the request must be signed with: the account's, or that of the session the access key id and token name.</summary>
    private (string Secret, StsSession? Session) CheckCredential(string accessKeyId, string securityToken, string region, string service, string malformedCode, string malformedPrefix)
    {
        StsSession? session = null;
        if (accessKeyId != options.Credentials.AccessKeyId)
        {
            session = sessions.Find(accessKeyId) ?? throw new AwsApiException(HttpStatusCode.Forbidden, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.")
            {
                Details = [new("AWSAccessKeyId", accessKeyId)],
            };
            if (!SignedRequest.Same(securityToken, session.SessionToken))
            {
                throw new AwsApiException(HttpStatusCode.BadRequest, "InvalidToken", "The provided token is malformed or otherwise invalid.");
            }

            if (options.Time.GetUtcNow() >= session.Expiration)
            {
                throw new AwsApiException(HttpStatusCode.BadRequest, "ExpiredToken", "The provided token has expired.");
            }
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

        return (session?.SecretAccessKey ?? options.Credentials.SecretAccessKey, session);
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

    /// <summary>A SigV2 request: presigned with AWSAccessKeyId and Signature, or an Authorization header "AWS key:signature".</summary>
    private static bool IsSignatureVersion2(HttpRequest request) =>
        (request.Query.ContainsKey("AWSAccessKeyId") && request.Query.ContainsKey("Signature"))
        || request.Headers.Authorization.ToString().StartsWith("AWS ", StringComparison.Ordinal);
}
