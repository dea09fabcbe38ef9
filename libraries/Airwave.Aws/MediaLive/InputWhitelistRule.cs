namespace Airwave.Aws.MediaLive;

/// <summary>An IPv4 CIDR allowed to push to inputs in the group.</summary>
public sealed record InputWhitelistRule(string Cidr);
