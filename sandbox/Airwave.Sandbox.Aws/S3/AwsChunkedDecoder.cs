using System.Globalization;
using System.Text;
using Airwave.Aws.Signing;

namespace Airwave.Sandbox.Aws.S3;

/// <summary>
/// Decodes an <c>aws-chunked</c> body (<c>size[;chunk-signature=sig]\r\ndata\r\n ... 0\r\ntrailers\r\n\r\n</c>) and,
/// for the signed variants, checks each chunk's signature, chained from the request's seed signature, and the
/// trailer's, as S3 does before it stores anything.
/// </summary>
internal static class AwsChunkedDecoder
{
    private static readonly string EmptyHash = SigV4.HashHex([]);

    /// <param name="signing">The signing key, date, scope and seed signature; null for STREAMING-UNSIGNED-PAYLOAD-TRAILER.</param>
    public static S3Payload Decode(byte[] body, ChunkSigning? signing)
    {
        var content = new MemoryStream();
        var trailers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var previous = signing?.SeedSignature;
        var at = 0;
        while (true)
        {
            var header = ReadLine(body, ref at) ?? throw Incomplete();
            var fields = header.Split(';', 2);
            if (!int.TryParse(fields[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var size) || size < 0 || at + size > body.Length)
            {
                throw Incomplete();
            }
            var chunk = body.AsSpan(at, size);
            at += size;
            if (signing is not null)
            {
                const string SignatureField = "chunk-signature=";
                if (fields.Length < 2 || !fields[1].StartsWith(SignatureField, StringComparison.Ordinal))
                {
                    throw S3Errors.InvalidRequest("A chunk of the aws-chunked body has no chunk-signature.");
                }
                var expected = Sign(signing, $"AWS4-HMAC-SHA256-PAYLOAD\n{signing.AmzDate}\n{signing.Scope}\n{previous}\n{EmptyHash}\n{SigV4.HashHex(chunk)}");
                if (!Pipeline.SignedRequest.Same(expected, fields[1][SignatureField.Length..]))
                {
                    throw SignatureMismatch();
                }
                previous = expected;
            }
            content.Write(chunk);
            if (size == 0)
            {
                break;
            }
            if (ReadLine(body, ref at) != "")
            {
                throw Incomplete();
            }
        }

        // After the last chunk: trailing headers, one per line, up to an empty line.
        var signedTrailers = new StringBuilder();
        string? trailerSignature = null;
        while (ReadLine(body, ref at) is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw Incomplete();
            }
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("x-amz-trailer-signature", StringComparison.OrdinalIgnoreCase))
            {
                trailerSignature = value;
                continue;
            }
            trailers[name] = value;
            signedTrailers.Append(name.ToLowerInvariant()).Append(':').Append(value).Append('\n');
        }
        if (signing is not null && trailers.Count > 0)
        {
            var expected = Sign(signing, $"AWS4-HMAC-SHA256-TRAILER\n{signing.AmzDate}\n{signing.Scope}\n{previous}\n{SigV4.HashHex(Encoding.UTF8.GetBytes(signedTrailers.ToString()))}");
            if (trailerSignature is null || !Pipeline.SignedRequest.Same(expected, trailerSignature))
            {
                throw SignatureMismatch();
            }
        }
        return new S3Payload(content.ToArray(), trailers);
    }

    private static string? ReadLine(byte[] body, ref int at)
    {
        var end = body.AsSpan(at).IndexOf("\r\n"u8);
        if (end < 0)
        {
            return null;
        }
        var line = Encoding.ASCII.GetString(body, at, end);
        at += end + 2;
        return line;
    }

    private static string Sign(ChunkSigning signing, string stringToSign) => SigV4.Signature(signing.Key, stringToSign);

    private static Pipeline.AwsApiException Incomplete() =>
        new(System.Net.HttpStatusCode.BadRequest, "IncompleteBody", "The request body terminated unexpectedly");

    private static Pipeline.AwsApiException SignatureMismatch() =>
        new(System.Net.HttpStatusCode.Forbidden, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.");
}

/// <summary>What a chunk's signature is computed from: the request's signing key, date and scope, and its seed signature.</summary>
internal sealed record ChunkSigning(byte[] Key, string AmzDate, string Scope, string SeedSignature);
