namespace Airwave.Aws.MediaLive;

public sealed record Channel(
    string Id,
    string Arn,
    string? Name,
    ChannelState State,
    ChannelClass ChannelClass,
    IReadOnlyList<OutputDestination>? Destinations,
    EncoderSettings? EncoderSettings,
    IReadOnlyList<InputAttachment>? InputAttachments,
    InputSpecification? InputSpecification,
    int PipelinesRunningCount,
    string? RoleArn,
    IReadOnlyDictionary<string, string>? Tags,
    IReadOnlyList<ChannelEgressEndpoint>? EgressEndpoints = null,
    IReadOnlyList<PipelineDetail>? PipelineDetails = null);
