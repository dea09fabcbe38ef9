namespace Airwave.Aws.Sts;

/// <summary>Temporary credentials STS issued, good until <see cref="Expiration"/>.</summary>
public sealed record UploadCredentials(string AccessKeyId, string SecretAccessKey, string SessionToken, DateTimeOffset Expiration);
