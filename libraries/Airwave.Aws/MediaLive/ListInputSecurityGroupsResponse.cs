namespace Airwave.Aws.MediaLive;

public sealed record ListInputSecurityGroupsResponse(IReadOnlyList<InputSecurityGroup> InputSecurityGroups, string? NextToken);
