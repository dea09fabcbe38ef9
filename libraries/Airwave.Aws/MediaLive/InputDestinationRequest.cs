namespace Airwave.Aws.MediaLive;

/// <summary>An RTMP push destination: <c>app/instance</c>, the path after the host in the ingest URL.</summary>
public sealed record InputDestinationRequest(string StreamName);
