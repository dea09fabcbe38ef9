namespace Airwave.Aws.Ivs;

/// <summary>
/// Where and how IVS records the broadcasts of the channels that name it: each broadcast (with its reconnections
/// within <see cref="RecordingReconnectWindowSeconds"/>) becomes one recording in the bucket, under
/// <c>ivs/v1/{account}/{channel id}/{year}/{month}/{day}/{hour}/{minute}/{recording id}/</c>.
/// </summary>
/// <param name="State">CREATING, ACTIVE or CREATE_FAILED; a channel records only with an ACTIVE configuration.</param>
public sealed record RecordingConfiguration(
    string Arn,
    string? Name,
    DestinationConfiguration DestinationConfiguration,
    string State,
    ThumbnailConfiguration? ThumbnailConfiguration,
    int RecordingReconnectWindowSeconds,
    IReadOnlyDictionary<string, string>? Tags);

/// <summary>Where recordings go: an S3 bucket in the configuration's region.</summary>
public sealed record DestinationConfiguration(S3DestinationConfiguration? S3);

public sealed record S3DestinationConfiguration(string BucketName);

/// <summary>Thumbnails of a recording: INTERVAL (one every <see cref="TargetIntervalSeconds"/>, 1–60) or DISABLED.</summary>
public sealed record ThumbnailConfiguration(string? RecordingMode, long? TargetIntervalSeconds);
