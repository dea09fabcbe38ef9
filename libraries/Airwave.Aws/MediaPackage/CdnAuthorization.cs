namespace Airwave.Aws.MediaPackage;

/// <summary>
/// An endpoint's CDN authorization: MediaPackage serves it only to requests whose <see cref="HeaderName"/> header
/// carries the identifier kept in the Secrets Manager secret <see cref="CdnIdentifierSecret"/> (as the JSON
/// <c>{"MediaPackageCDNIdentifier": "..."}</c>), which it reads as the role <see cref="SecretsRoleArn"/>. The CDN's
/// origin sends that header; anyone else gets 403.
/// </summary>
public sealed record CdnAuthorization(string CdnIdentifierSecret, string SecretsRoleArn)
{
    public const string HeaderName = "X-MediaPackage-CDNIdentifier";

    /// <summary>The member of the secret's JSON string that holds the identifier.</summary>
    public const string SecretField = "MediaPackageCDNIdentifier";
}
