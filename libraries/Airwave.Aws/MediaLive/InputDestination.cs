namespace Airwave.Aws.MediaLive;

/// <summary>Where an encoder pushes, e.g. <c>rtmp://198.51.100.10:1935/app/instance</c>.</summary>
public sealed record InputDestination(string? Ip, string? Port, string? Url);
