namespace Airwave.Aws.MediaLive;

/// <summary>The <c>{"input": ...}</c> wrapper of the create and update responses.</summary>
public sealed record InputEnvelope(Input Input);
