using Airwave.Aws.MediaLive;

namespace Airwave.Sandbox.Aws.MediaLive;

internal sealed class SecurityGroupEntry(string id, string arn)
{
    public string Id { get; } = id;

    public string Arn { get; } = arn;

    public List<InputWhitelistRule> Rules { get; set; } = [];

    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);

    public List<string> Inputs { get; } = [];

    public bool Deleted { get; set; }

    public InputSecurityGroupState State =>
        Deleted ? InputSecurityGroupState.Deleted : Inputs.Count > 0 ? InputSecurityGroupState.InUse : InputSecurityGroupState.Idle;

    public InputSecurityGroup ToResponse() => new(Id, Arn, State, [.. Inputs], [.. Rules], new Dictionary<string, string>(Tags));
}
