namespace Airwave.Aws.MediaLive;

public sealed record ListInputsResponse(IReadOnlyList<Input> Inputs, string? NextToken);
