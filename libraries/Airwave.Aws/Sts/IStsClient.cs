namespace Airwave.Aws.Sts;

/// <summary>The AWS STS call a stream that uploads needs.</summary>
public interface IStsClient
{
    /// <summary>Credentials of <paramref name="roleArn"/> limited by the inline <paramref name="sessionPolicy"/>, for <paramref name="duration"/>.</summary>
    Task<UploadCredentials> AssumeRoleAsync(string roleArn, string sessionName, string sessionPolicy, TimeSpan duration, CancellationToken cancellationToken);
}
