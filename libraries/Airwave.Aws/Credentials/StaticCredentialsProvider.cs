namespace Airwave.Aws.Credentials;

public sealed class StaticCredentialsProvider(AwsCredentials credentials) : ICredentialsProvider
{
    public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken) => ValueTask.FromResult(credentials);
}
