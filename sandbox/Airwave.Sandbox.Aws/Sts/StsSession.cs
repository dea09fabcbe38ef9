namespace Airwave.Sandbox.Aws.Sts;

/// <summary>
/// Temporary credentials STS issued by AssumeRole: what S3 accepts until <see cref="Expiration"/>, signed with
/// <see cref="SecretAccessKey"/> and presented with <see cref="SessionToken"/>, allowed no more than
/// <see cref="Policy"/> allows.
/// </summary>
internal sealed record StsSession(
    string AccessKeyId,
    string SecretAccessKey,
    string SessionToken,
    DateTimeOffset Expiration,
    string AssumedRoleArn,
    string AssumedRoleId,
    SessionPolicy Policy);
