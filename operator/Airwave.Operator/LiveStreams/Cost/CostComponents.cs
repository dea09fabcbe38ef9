using System.Globalization;
using Airwave.Api.LiveStreams;
using Airwave.Aws.CloudWatch;
using Airwave.Aws.S3;
using Airwave.Operator.Configuration;
using Airwave.Operator.LiveStreams.Transcoding;

namespace Airwave.Operator.LiveStreams.Cost;

/// <summary>The billed components parts report, priced from the stream's spec and the installation's price table.</summary>
public static class CostComponents
{
    /// <summary>
    /// The channel's input (MediaLive bills it as HD: Airwave's inputs are made for HD up to 10 Mbps) and one video
    /// encode per rendition of the ladder; the archive output shares the top rendition's encode.
    /// </summary>
    public static PartCost MediaLive(LiveStreamSpec spec, PriceTable prices)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(prices);
        var standard = spec.Encoding.ChannelClass == ChannelClass.Standard;
        var rates = standard ? prices.MediaLive.Standard : prices.MediaLive.SinglePipeline;
        var renditions = LadderPresets.For(spec.Encoding.Ladder);
        var rate = rates.Input.Hd + renditions.Sum(r => rates.Output.For(r.Height));
        var encodes = string.Join(", ", renditions.GroupBy(r => ResolutionPrices.Of(r.Height)).Select(g => $"{g.Count()} {g.Key}"));
        return new("medialive", rate, $"a {spec.Encoding.ChannelClass} channel: an HD input and {renditions.Count} video encodes ({encodes})");
    }

    /// <summary>What the channel pushes into MediaPackage: the ladder's bitrates with their audio, from each pipeline.</summary>
    public static PartCost MediaPackageIngest(LiveStreamSpec spec, PriceTable prices)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(prices);
        var pipelines = spec.Encoding.ChannelClass == ChannelClass.Standard ? 2 : 1;
        var bitsPerSecond = LadderPresets.For(spec.Encoding.Ladder).Sum(r => (long)r.VideoBitrate + ChannelSettings.AudioBitrate) * pipelines;
        var gigabytesPerHour = bitsPerSecond * 3600m / 8m / 1_000_000_000m;
        var text = gigabytesPerHour.ToString("0.##", CultureInfo.InvariantCulture);
        return new("mediapackage-ingest", gigabytesPerHour * prices.MediaPackage.IngestPerGb, $"{text} GB an hour: the ladder's bitrates, from {pipelines} pipeline{(pipelines > 1 ? "s" : "")}");
    }

    /// <summary>An IVS channel's input while it is live, by its type.</summary>
    public static PartCost IvsInput(IvsChannelType type, PriceTable prices)
    {
        ArgumentNullException.ThrowIfNull(prices);
        var input = prices.Ivs.Input;
        var rate = type switch
        {
            IvsChannelType.Basic => input.Basic,
            IvsChannelType.AdvancedSd => input.AdvancedSd,
            IvsChannelType.AdvancedHd => input.AdvancedHd,
            _ => input.Standard,
        };
        return new("ivs-input", rate, $"an IVS channel of type {type} while it is live");
    }

    /// <summary>
    /// What players fetched from the stream's MediaPackage origin endpoint, as MediaPackage reports it to CloudWatch
    /// (EgressBytes by channel and endpoint); unknown until the endpoint exists. A live distribution's CloudFront
    /// transfer is billed on top and not counted: CloudFront measures a distribution, which streams share.
    /// </summary>
    public static PartCost OriginDelivery(AwsResources? ids, PriceTable prices)
    {
        ArgumentNullException.ThrowIfNull(prices);
        if (ids is not { PackageChannelId: { } channel, PackageEndpointId: { } endpoint })
        {
            return Delivery;
        }

        var metric = new Metric("AWS/MediaPackage", "EgressBytes", [new("Channel", channel), new("OriginEndpoint", endpoint)]);
        var price = prices.MediaPackage.OriginPerGb.ToString("0.####", CultureInfo.InvariantCulture);
        return PartCost.Measured("delivery", MeteredUsage.PerGb(metric, prices.MediaPackage.OriginPerGb), $"GB players fetched from MediaPackage endpoint {endpoint} (CloudWatch's EgressBytes) at ${price} a GB; CloudFront's transfer of spec.live is not counted");
    }

    public static PartCost Delivery { get; } = PartCost.Unknown(
        "delivery",
        "billed per GB players fetch (the origin and CloudFront); Airwave does not count delivered bytes yet");

    /// <summary>
    /// The hours viewers watched the stream's IVS channel, as IVS reports them to CloudWatch (LiveDeliveredTime by
    /// channel, whose value is the channel's ID: its ARN's last part); unknown until the channel exists. IVS bills them
    /// by the quality watched, which CloudWatch does not split: they are priced at the highest quality the channel
    /// delivers from a 720p meeting (SD on an ADVANCED_SD channel, HD otherwise), so viewers of lower renditions cost
    /// less than counted.
    /// </summary>
    public static PartCost IvsOutput(string? channelArn, IvsChannelType type, PriceTable prices)
    {
        ArgumentNullException.ThrowIfNull(prices);
        if (channelArn is null)
        {
            return PartCost.Unknown("ivs-output", "IVS bills each hour a viewer watches, by quality; counted once the channel exists");
        }

        var channel = Airwave.Aws.Ivs.Channel.IdOf(channelArn);
        var (quality, rate) = type == IvsChannelType.AdvancedSd ? ("SD", prices.Ivs.Output.Sd) : ("HD", prices.Ivs.Output.Hd);
        var metric = new Metric("AWS/IVS", "LiveDeliveredTime", [new("Channel", channel)]);
        var price = rate.ToString("0.####", CultureInfo.InvariantCulture);
        return PartCost.Measured("ivs-output", MeteredUsage.PerHour(metric, rate), $"hours viewers watched IVS channel {channel} (CloudWatch's LiveDeliveredTime) at ${price} an hour, the {quality} rate: the highest quality a 720p meeting reaches, so an upper bound");
    }

    /// <summary>
    /// The recordings in S3: what is stored under each session's archivePath, listed at each reading and billed by
    /// the GB-month while it is kept, stopped or not (see <see cref="StorageMeter"/>).
    /// </summary>
    public static PartCost ArchiveStorage(LiveStreamStatus? status, PriceTable prices)
    {
        ArgumentNullException.ThrowIfNull(prices);
        var folders = (status?.Sessions ?? []).Select(s => S3Path.Parse(s.ArchivePath)).OfType<S3Path>().Distinct().ToList();
        var price = prices.S3.StoragePerGbMonth.ToString("0.####", CultureInfo.InvariantCulture);
        var where = folders.Count == 1 ? $"under {folders[0]}/" : $"under the {folders.Count} sessions' archivePaths";
        return PartCost.Measured("archive-storage", new StoredUsage(folders, prices.S3), $"GB stored {where}, as S3 lists them at each reading, at ${price} a GB-month while kept");
    }

    /// <summary>Pods that run on the cluster's own nodes, whose price Airwave is not told.</summary>
    public static PartCost ClusterPods(string name, string what) => PartCost.Unknown(name, $"{what} run on your cluster's nodes, which Airwave has no price for");
}
