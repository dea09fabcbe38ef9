using Airwave.Aws.Credentials;

namespace Airwave.Operator.Tests.VideoAssets;

/// <summary>
/// Credentials that say they expire <see cref="Lifetime"/> after they were handed out, and are handed out anew once
/// less than <see cref="RefreshBefore"/> is left, as the SDK's refreshing credentials (IRSA, Pod Identity) are: the
/// operator's presigned URLs may last no longer, so they must be signed again to outlive them. The key is the AWS
/// emulator's own; what expires in S3 is each URL's X-Amz-Expires.
/// </summary>
public sealed class ExpiringCredentials(AwsCredentials key, TimeProvider time) : ICredentialsProvider
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(40);
    public static readonly TimeSpan RefreshBefore = TimeSpan.FromSeconds(20);

    private readonly Lock _lock = new();
    private AwsCredentials? _current;

    public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (_current?.Expires is not { } expires || expires - now < RefreshBefore)
            {
                _current = key with { Expires = now + Lifetime };
            }

            return ValueTask.FromResult(_current);
        }
    }
}
