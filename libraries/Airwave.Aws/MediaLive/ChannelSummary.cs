namespace Airwave.Aws.MediaLive;

/// <summary>A channel as listed: everything but the encoder settings.</summary>
public sealed record ChannelSummary(
    string Id,
    string Arn,
    string? Name,
    ChannelState State,
    ChannelClass ChannelClass,
    IReadOnlyList<OutputDestination>? Destinations,
    IReadOnlyList<InputAttachment>? InputAttachments,
    InputSpecification? InputSpecification,
    int PipelinesRunningCount,
    string? RoleArn,
    IReadOnlyDictionary<string, string>? Tags,
    IReadOnlyList<ChannelEgressEndpoint>? EgressEndpoints = null);
