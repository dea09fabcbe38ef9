namespace Airwave.Aws.MediaLive;

/// <summary>What one of a channel's pipelines is doing: which input attachment it encodes while it runs.</summary>
public sealed record PipelineDetail(string? PipelineId, string? ActiveInputAttachmentName = null);
