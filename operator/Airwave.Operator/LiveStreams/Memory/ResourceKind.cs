namespace Airwave.Operator.LiveStreams.Memory;

/// <summary>The kinds of AWS resource whose reads <see cref="ResourceMemory"/> can spare.</summary>
public enum ResourceKind
{
    InputSecurityGroup,
    Input,
    Channel,
    PackageChannel,
    PackageEndpoint,
    IvsChannel,
}
