namespace Airwave.Aws.MediaLive;

public sealed record CreateInputSecurityGroupRequest(
    IReadOnlyList<InputWhitelistRule> WhitelistRules,
    IReadOnlyDictionary<string, string>? Tags = null);
