using Airwave.Aws.Credentials;
using Airwave.Aws.Http;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace Airwave.Aws.Sts;

/// <summary>STS through the AWS SDK's client, configured from the same region, endpoint override and retries as the other AWS clients.</summary>
public sealed class StsClient : IStsClient, IDisposable
{
    private readonly AmazonSecurityTokenServiceClient _client;

    /// <param name="handler">What requests are sent through instead of the SDK's own handler: the operator's check that only the leader writes.</param>
    public StsClient(AwsClientOptions options, ICredentialsProvider credentials, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _client = new AmazonSecurityTokenServiceClient(new SdkCredentials(credentials), SdkClientConfig.Apply(new AmazonSecurityTokenServiceConfig(), options, options.StsEndpoint, handler));
    }

    public async Task<UploadCredentials> AssumeRoleAsync(string roleArn, string sessionName, string sessionPolicy, TimeSpan duration, CancellationToken cancellationToken)
    {
        var answer = await _client.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = roleArn,
            RoleSessionName = sessionName,
            Policy = sessionPolicy,
            DurationSeconds = (int)duration.TotalSeconds,
        }, cancellationToken);
        var issued = answer.Credentials;
        var expiration = issued.Expiration ?? throw new InvalidOperationException($"STS gave credentials of {roleArn} without their expiration.");
        // STS gives UTC; a time of unknown kind is taken as such rather than as the machine's local time.
        return new UploadCredentials(issued.AccessKeyId, issued.SecretAccessKey, issued.SessionToken, new DateTimeOffset(expiration.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(expiration, DateTimeKind.Utc) : expiration.ToUniversalTime()));
    }

    public void Dispose() => _client.Dispose();
}
