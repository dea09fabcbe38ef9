namespace Airwave.Aws.MediaLive;

/// <summary>The <c>{"input": ...}</c> wrapper of the create response.</summary>
public sealed record InputEnvelope(Input Input);
