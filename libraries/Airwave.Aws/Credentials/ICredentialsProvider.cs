namespace Airwave.Aws.Credentials;

/// <summary>Supplies the credentials to sign the next request with; implementations refresh expiring ones.</summary>
public interface ICredentialsProvider
{
    ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken);
}
