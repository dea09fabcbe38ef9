using Airwave.Aws.MediaLive;
using PackageChannel = Airwave.Aws.MediaPackage.Channel;

namespace Airwave.Operator.LiveStreams.Pipeline;

/// <summary>
/// What a stream's last full pass found or made of the resources AWS keeps while they are used: the input's security
/// group (used by the input), the input (by the channel) and the MediaPackage channel (by its origin endpoint). A
/// later pass of the same spec reads what uses each one first and takes the one in use from here, as SettledStreams' resyncs
/// do; bringing a new stream to Running this way reads each resource about once.
/// </summary>
public sealed class ProvisionedStreams : StreamMemory<ProvisionedResources>;

/// <summary>What a pass found, for which generation and rotation, and when; a pulled stream has no security group.</summary>
public sealed record ProvisionedResources(long? Generation, string? Rotation, DateTimeOffset At, InputSecurityGroup? SecurityGroup, Input Input, PackageChannel PackageChannel);
