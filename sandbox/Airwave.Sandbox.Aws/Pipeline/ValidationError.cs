namespace Airwave.Sandbox.Aws.Pipeline;

/// <summary>One entry of MediaLive's <c>validationErrors</c> in an UnprocessableEntityException.</summary>
internal sealed record ValidationError(string ElementPath, string ErrorMessage);
