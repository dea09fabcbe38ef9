using Airwave.Aws.Credentials;
using Amazon.S3;

namespace Airwave.Aws.S3;

/// <summary>
/// Presigned URLs: a key to one object, for one verb, until it expires; for whoever holds no AWS credentials. A URL
/// works no longer than the credentials that signed it: temporary ones (IRSA, Pod Identity: an hour or so) end it
/// when they expire, whatever its X-Amz-Expires says. So a URL's expiry is the one asked for, within S3's week and
/// the signing credentials' own; whoever needs a URL for longer signs it again once the credentials were refreshed.
/// </summary>
public sealed class S3Presigner(IAmazonS3 s3, ICredentialsProvider credentials, TimeProvider time)
{
    /// <summary>The longest S3 honours for a URL signed with SigV4.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(7);

    /// <summary>The latest a URL signed now can work, wanting <paramref name="wanted"/>: what its expiry would be.</summary>
    public async Task<DateTimeOffset> LastValidAsync(DateTimeOffset wanted, CancellationToken cancellationToken)
    {
        var signing = await credentials.GetCredentialsAsync(cancellationToken);
        var now = time.GetUtcNow();
        var latest = now + MaxLifetime;
        if (signing.Expires is { } expires && expires < latest)
        {
            latest = expires;
        }

        var until = wanted < latest ? wanted : latest;

        // In whole seconds, as X-Amz-Expires counts and as a status records times: a URL signed again with the same
        // credentials says the same expiry.
        until = until.AddTicks(-(until.UtcTicks % TimeSpan.TicksPerSecond));
        return until > now ? until : throw new InvalidOperationException($"A presigned URL would not work: the AWS credentials expire at {signing.Expires:O}, and {now:O} is past that or {wanted:O} is.");
    }

    /// <summary>
    /// Whether URLs that expire at <paramref name="current"/> but are wanted until <paramref name="until"/> should be
    /// signed again: the credentials that would sign them now (refreshed since) make them last longer.
    /// </summary>
    public async Task<bool> OutlastsAsync(DateTimeOffset current, DateTimeOffset until, CancellationToken cancellationToken) =>
        current < until && await LastValidAsync(until, cancellationToken) > current;

    /// <summary>A URL for <paramref name="verb"/> on the object, working until <paramref name="wanted"/> or as long as it can before.</summary>
    /// <param name="contentType">For a PUT: the Content-Type the upload must send, which the signature covers.</param>
    /// <param name="part">For a PUT: one part of a multipart upload (UploadPart) rather than the whole object.</param>
    public async Task<PresignedUrl> PresignAsync(string bucket, string key, HttpVerb verb, DateTimeOffset wanted, CancellationToken cancellationToken, string? contentType = null, (string UploadId, int Number)? part = null)
    {
        var expires = await LastValidAsync(wanted, cancellationToken);
        return new PresignedUrl(await s3.PresignAsync(bucket, key, verb, expires.UtcDateTime, contentType, part), expires);
    }
}
