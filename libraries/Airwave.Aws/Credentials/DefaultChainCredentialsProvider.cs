using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace Airwave.Aws.Credentials;

/// <summary>
/// The AWS SDK's default credential chain: environment, shared profile, web identity (IRSA), container (ECS/EKS Pod
/// Identity) and instance metadata. The SDK object refreshes temporary credentials itself and says when the ones it
/// handed out expire.
/// </summary>
public sealed class DefaultChainCredentialsProvider : ICredentialsProvider
{
    // PublicationOnly: a failed lookup (say, the IRSA token not mounted yet) is retried on the next call instead of cached.
    private readonly Lazy<AWSCredentials> _credentials;

    public DefaultChainCredentialsProvider()
        : this(() => DefaultAWSCredentialsIdentityResolver.GetCredentials())
    {
    }

    /// <param name="resolve">The SDK credentials to use, looked up on first use.</param>
    public DefaultChainCredentialsProvider(Func<AWSCredentials> resolve) =>
        _credentials = new(resolve, LazyThreadSafetyMode.PublicationOnly);

    public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var sdk = _credentials.Value;
        var current = await sdk.GetCredentialsAsync().WaitAsync(cancellationToken);

        // Read after the call: refreshing credentials set their expiry when they fetch.
        return new AwsCredentials(current.AccessKey, current.SecretKey, current.UseToken ? current.Token : null, Utc(sdk.Expiration));
    }

    private static DateTimeOffset? Utc(DateTime? at) => at switch
    {
        null => null,
        { Kind: DateTimeKind.Local } local => new DateTimeOffset(local.ToUniversalTime(), TimeSpan.Zero),
        { } utc => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc), TimeSpan.Zero),
    };
}
