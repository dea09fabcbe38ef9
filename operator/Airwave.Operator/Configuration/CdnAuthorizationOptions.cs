namespace Airwave.Operator.Configuration;

/// <summary>
/// MediaPackage CDN authorization for the endpoints of Signed streams: the Secrets Manager secret holding the CDN
/// identifier (<c>{"MediaPackageCDNIdentifier": "..."}</c>) and the role MediaPackage reads it as. The live
/// distribution's origin for such a stream sends the identifier, so the endpoint plays to the distribution alone.
/// </summary>
public sealed record CdnAuthorizationOptions
{
    public string? SecretArn { get; init; }

    public string? RoleArn { get; init; }

    public bool IsConfigured => !string.IsNullOrEmpty(SecretArn) && !string.IsNullOrEmpty(RoleArn);
}
