using Amazon.Runtime;

namespace Airwave.Aws.Credentials;

/// <summary>
/// Hands an <see cref="ICredentialsProvider"/> to the AWS SDK's clients (S3), so that every client of the operator,
/// hand-written or SDK, signs with the same credentials and refreshes them the same way.
/// </summary>
public sealed class SdkCredentials(ICredentialsProvider provider) : AWSCredentials
{
    public override ImmutableCredentials GetCredentials() => GetCredentialsAsync().GetAwaiter().GetResult();

    public override async Task<ImmutableCredentials> GetCredentialsAsync()
    {
        var current = await provider.GetCredentialsAsync(CancellationToken.None);
        return new ImmutableCredentials(current.AccessKeyId, current.SecretAccessKey, current.SessionToken);
    }
}
