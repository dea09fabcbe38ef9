using Airwave.Aws.Ivs;
using Airwave.Sandbox.Aws.Pipeline;
using Airwave.Sandbox.Aws.S3;

namespace Airwave.Sandbox.Aws.Ivs;

/// <summary>
/// IVS's recording configurations, as the service keeps them: the bucket must exist (in the region) when one is made,
/// a new one is ACTIVE, its settings never change, and one that a channel names cannot be deleted (ConflictException).
/// </summary>
internal sealed class IvsRecordingConfigurations(AwsEmulatorOptions options, S3Store s3)
{
    /// <summary>IVS's default thumbnail interval, in seconds.</summary>
    private const long DefaultThumbnailInterval = 60;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, RecordingConfiguration> _configurations = new(StringComparer.Ordinal);

    public RecordingConfiguration Create(CreateRecordingConfigurationRequest request)
    {
        var bucket = request.DestinationConfiguration?.S3?.BucketName ?? throw AwsApiException.Invalid("destinationConfiguration.s3.bucketName is required.");
        try
        {
            s3.HeadBucket(bucket);
        }
        catch (AwsApiException)
        {
            throw AwsApiException.Invalid($"The S3 bucket {bucket} does not exist in {options.Region}, or IVS may not write to it.");
        }

        var thumbnails = request.ThumbnailConfiguration;
        var configuration = new RecordingConfiguration(
            $"arn:aws:ivs:{options.Region}:{options.AccountId}:recording-configuration/{IvsIds.New(12)}",
            request.Name ?? "",
            new DestinationConfiguration(new S3DestinationConfiguration(bucket)),
            "ACTIVE",
            new ThumbnailConfiguration(thumbnails?.RecordingMode ?? "INTERVAL", thumbnails?.TargetIntervalSeconds ?? DefaultThumbnailInterval),
            request.RecordingReconnectWindowSeconds ?? 0,
            request.Tags is null ? [] : new Dictionary<string, string>(request.Tags));
        lock (_lock)
        {
            _configurations[configuration.Arn] = configuration;
        }

        return configuration;
    }

    /// <summary>The configuration; null when there is none with that ARN.</summary>
    public RecordingConfiguration? Find(string arn)
    {
        lock (_lock)
        {
            return _configurations.GetValueOrDefault(arn);
        }
    }

    public RecordingConfiguration Get(string arn) =>
        Find(arn) ?? throw AwsApiException.ResourceNotFound($"ResourceNotFoundException: no resource {arn}");

    /// <summary>Configurations in creation order, as the listing gives them: without thumbnail settings and reconnect window.</summary>
    public IReadOnlyList<object> List()
    {
        lock (_lock)
        {
            return [.. _configurations.Values.Select(c => new { c.Arn, c.Name, c.DestinationConfiguration, c.State, c.Tags })];
        }
    }

    /// <param name="inUse">Whether a channel names the configuration.</param>
    public void Delete(string arn, Func<string, bool> inUse)
    {
        lock (_lock)
        {
            if (!_configurations.ContainsKey(arn))
            {
                throw AwsApiException.ResourceNotFound($"ResourceNotFoundException: no resource {arn}");
            }

            if (inUse(arn))
            {
                throw AwsApiException.Conflict($"Unable to delete recording configuration {arn}: a channel uses it. Remove it from the channel first.");
            }

            _configurations.Remove(arn);
        }
    }

    /// <summary>The configuration's tags; null when the ARN is not a recording configuration's.</summary>
    public IReadOnlyDictionary<string, string>? TagsOf(string arn) => Find(arn)?.Tags;

    public void Retag(string arn, Dictionary<string, string> tags)
    {
        lock (_lock)
        {
            _configurations[arn] = _configurations[arn] with { Tags = tags };
        }
    }

    /// <summary>Every configuration, for the sandbox's inventory.</summary>
    public IReadOnlyList<RecordingConfiguration> All
    {
        get
        {
            lock (_lock)
            {
                return [.. _configurations.Values];
            }
        }
    }
}
