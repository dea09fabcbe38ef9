namespace Airwave.Aws.MediaLive;

/// <summary>A named choice of the input's audio that audio descriptions refer to by <see cref="Name"/>.</summary>
public sealed record AudioSelector(string Name);
