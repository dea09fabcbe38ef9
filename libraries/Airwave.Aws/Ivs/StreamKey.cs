namespace Airwave.Aws.Ivs;

/// <summary>A channel's stream key; <see cref="Value"/> is the secret a broadcaster sends with, absent from listings.</summary>
public sealed record StreamKey(string Arn, string? Value, string ChannelArn, IReadOnlyDictionary<string, string>? Tags);
