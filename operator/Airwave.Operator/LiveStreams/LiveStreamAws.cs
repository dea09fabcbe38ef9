using Airwave.Operator.LiveStreams.Resources;

namespace Airwave.Operator.LiveStreams;

/// <summary>The managers of every AWS resource behind a stream, one per resource, as ACK organises them.</summary>
public sealed record LiveStreamAws(
    InputSecurityGroupManager SecurityGroups,
    InputManager Inputs,
    ChannelManager Channels,
    PackageChannelManager PackageChannels,
    PackageEndpointManager PackageEndpoints,
    LiveDistributionManager LiveDistribution,
    IvsChannelManager IvsChannels,
    IvsRecordingManager IvsRecordings,
    IvsPlaybackKeyManager IvsPlaybackKey);
