using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace Airwave.Aws.Credentials;

/// <summary>
/// The AWS SDK's default credential chain: environment, shared profile, web identity (IRSA),
/// container (ECS/EKS Pod Identity) and instance metadata. The SDK object refreshes temporary credentials itself.
/// </summary>
public sealed class DefaultChainCredentialsProvider : ICredentialsProvider
{
    // PublicationOnly: a failed lookup (say, the IRSA token not mounted yet) is retried on the next call instead of cached.
    private readonly Lazy<AWSCredentials> _credentials = new(() => DefaultAWSCredentialsIdentityResolver.GetCredentials(), LazyThreadSafetyMode.PublicationOnly);

    public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var current = await _credentials.Value.GetCredentialsAsync().WaitAsync(cancellationToken);
        return new AwsCredentials(current.AccessKey, current.SecretKey, current.UseToken ? current.Token : null);
    }
}
