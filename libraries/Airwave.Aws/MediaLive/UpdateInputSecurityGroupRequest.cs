namespace Airwave.Aws.MediaLive;

/// <summary>Replaces the group's rules (and tags, when given).</summary>
public sealed record UpdateInputSecurityGroupRequest(
    IReadOnlyList<InputWhitelistRule> WhitelistRules,
    IReadOnlyDictionary<string, string>? Tags = null);
