using Airwave.Aws.Credentials;

namespace Airwave.Aws.Signing;

/// <summary>Signs an outgoing <see cref="HttpRequestMessage"/> in place with SigV4 headers.</summary>
public static class HttpRequestSigner
{
    public static void Sign(HttpRequestMessage request, byte[] body, AwsCredentials credentials, string region, string service, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(credentials);
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(request));
        var amzDate = SigV4.FormatDate(now);
        request.Headers.Remove("X-Amz-Date");
        request.Headers.Remove("X-Amz-Security-Token");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        if (credentials.SessionToken is { } token)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", token);
        }

        var headers = new List<KeyValuePair<string, string>> { new("host", uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}") };
        headers.AddRange(request.Headers
            .Where(header => header.Key.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase)
                || header.Key.Equals("If-Match", StringComparison.OrdinalIgnoreCase))
            .SelectMany(header => header.Value.Select(value => new KeyValuePair<string, string>(header.Key, value))));
        if (request.Content?.Headers.ContentType is { } contentType)
        {
            headers.Add(new("content-type", contentType.ToString()));
        }

        var signed = new SigV4Request(request.Method.Method, uri.AbsolutePath, uri.Query, headers, SigV4.HashHex(body));
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation(
            "Authorization",
            SigV4.Authorization(signed, credentials.AccessKeyId, credentials.SecretAccessKey, amzDate, region, service));
    }
}
