namespace Airwave.Aws.MediaLive;

public sealed record InputSecurityGroup(
    string Id,
    string Arn,
    InputSecurityGroupState State,
    IReadOnlyList<string>? Inputs,
    IReadOnlyList<InputWhitelistRule>? WhitelistRules,
    IReadOnlyDictionary<string, string>? Tags);
