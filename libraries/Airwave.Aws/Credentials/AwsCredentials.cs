namespace Airwave.Aws.Credentials;

/// <summary>An access key pair, with the session token of temporary credentials.</summary>
public sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null)
{
    // Records print every member; the secret parts must never reach a log.
    public override string ToString() => $"AwsCredentials {{ AccessKeyId = {AccessKeyId} }}";
}
