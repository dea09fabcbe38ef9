namespace Airwave.Aws.Credentials;

/// <summary>
/// An access key pair, with the session token and expiry of temporary credentials (IRSA, Pod Identity, an assumed
/// role): what they sign stops working when they expire, presigned URLs included.
/// </summary>
public sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null, DateTimeOffset? Expires = null)
{
    // Records print every member; the secret parts must never reach a log.
    public override string ToString() => $"AwsCredentials {{ AccessKeyId = {AccessKeyId}, Expires = {Expires:O} }}";
}
