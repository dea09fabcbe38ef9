using Airwave.Aws.CloudFront;
using Airwave.Aws.MediaLive;
using Airwave.Aws.MediaPackage;
using Airwave.Sandbox.Aws.CloudFront;
using Airwave.Sandbox.Aws.Ivs;
using Airwave.Sandbox.Aws.MediaLive;
using Airwave.Sandbox.Aws.MediaPackage;
using Airwave.Sandbox.Aws.Pipeline;
using Airwave.Sandbox.Aws.S3;

namespace Airwave.Sandbox.Aws;

/// <summary>What exists in the emulator right now (deleted resources left out), and how often each operation was called.</summary>
public sealed class AwsInventory
{
    private readonly MediaLiveStore _mediaLive;
    private readonly MediaPackageStore _mediaPackage;
    private readonly CloudFrontStore _cloudFront;
    private readonly S3Store _s3;
    private readonly IvsStore _ivs;
    private readonly IvsRecordingConfigurations _ivsRecordings;

    internal AwsInventory(MediaLiveStore mediaLive, MediaPackageStore mediaPackage, CloudFrontStore cloudFront, S3Store s3, IvsStore ivs, IvsRecordingConfigurations ivsRecordings, AwsCallLog calls)
    {
        _ivs = ivs;
        _ivsRecordings = ivsRecordings;
        _s3 = s3;
        _mediaLive = mediaLive;
        _mediaPackage = mediaPackage;
        _cloudFront = cloudFront;
        Calls = calls;
    }

    public AwsCallLog Calls { get; }

    public IReadOnlyList<InputSecurityGroup> InputSecurityGroups => _mediaLive.ListSecurityGroups();

    public IReadOnlyList<Input> Inputs => _mediaLive.ListInputs();

    public IReadOnlyList<ChannelSummary> MediaLiveChannels => _mediaLive.ListChannels();

    public IReadOnlyList<Airwave.Aws.MediaPackage.Channel> MediaPackageChannels => _mediaPackage.ListChannels();

    public IReadOnlyList<OriginEndpoint> OriginEndpoints => _mediaPackage.ListEndpoints(null);

    public IReadOnlyList<(string Id, DistributionConfig Config)> Distributions => _cloudFront.List();

    public IReadOnlyList<Airwave.Aws.Ivs.Channel> IvsChannels => _ivs.Channels;

    public IReadOnlyList<Airwave.Aws.Ivs.RecordingConfiguration> IvsRecordingConfigurations => _ivsRecordings.All;

    public IReadOnlyList<string> Buckets => [.. _s3.ListBuckets().Select(b => b.Name)];

    /// <summary>The keys in a bucket, in S3's listing order.</summary>
    public IReadOnlyList<string> Keys(string bucket) => [.. _s3.List(bucket, new S3ListRequest("", null, null, int.MaxValue)).Contents.Select(o => o.Key)];

    /// <summary>True when no MediaLive, MediaPackage or IVS resource exists (distributions are long-lived and not counted).</summary>
    public bool IsEmpty =>
        InputSecurityGroups.Count == 0 && Inputs.Count == 0 && MediaLiveChannels.Count == 0 && MediaPackageChannels.Count == 0 && OriginEndpoints.Count == 0
        && IvsChannels.Count == 0 && IvsRecordingConfigurations.Count == 0;
}
