namespace Airwave.Aws.MediaLive;

/// <summary>The <c>{"securityGroup": ...}</c> wrapper of the create and update responses.</summary>
public sealed record InputSecurityGroupEnvelope(InputSecurityGroup SecurityGroup);
