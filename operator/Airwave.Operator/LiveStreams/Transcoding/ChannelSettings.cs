using Airwave.Api.LiveStreams;
using Airwave.Aws.MediaLive;

namespace Airwave.Operator.LiveStreams.Transcoding;

/// <summary>
/// The encoder settings and destinations of a stream's channel: the ladder to its MediaPackage channel and,
/// when archiving, the top rendition to S3 in files of spec.archive.segmentLengthSeconds.
/// </summary>
public static class ChannelSettings
{
    public const string PackageDestination = "mediapackage";
    public const string ArchiveDestination = "archive";
    /// <summary>The input audio selector the audio description reads from.</summary>
    public const string AudioSelector = "default";

    private const string Audio = "audio_aac";

    /// <summary>The bits per second of every output's AAC audio.</summary>
    public const int AudioBitrate = 128_000;

    public static EncoderSettings Encoder(LiveStreamSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var renditions = LadderPresets.For(spec.Encoding.Ladder);
        var videos = renditions.Select(Video).ToList();
        var groups = new List<OutputGroup>
        {
            new(
                new OutputGroupSettings(MediaPackageGroupSettings: new MediaPackageGroupSettings(new OutputLocationRef(PackageDestination))),
                [.. renditions.Select(r => new Output(new OutputSettings(MediaPackageOutputSettings: new MediaPackageOutputSettings()), r.Name, VideoName(r), [Audio]))],
                "mediapackage"),
        };

        if (spec.Archive.Enabled)
        {
            var top = renditions[0];
            groups.Add(new OutputGroup(
                new OutputGroupSettings(ArchiveGroupSettings: new ArchiveGroupSettings(new OutputLocationRef(ArchiveDestination), spec.Archive.SegmentLengthSeconds)),
                [new Output(new OutputSettings(ArchiveOutputSettings: new ArchiveOutputSettings(new ArchiveContainerSettings(new M2tsSettings()), "ts", "-$dt$")), "archive", VideoName(top), [Audio])],
                "archive"));
        }

        return new EncoderSettings(
            [new AudioDescription(Audio, AudioSelector, new AudioCodecSettings(new AacSettings(Bitrate: AudioBitrate, CodingMode: "CODING_MODE_2_0", SampleRate: 48_000)))],
            groups,
            new TimecodeConfig("SYSTEMCLOCK"),
            videos);
    }

    /// <summary>
    /// Where the channel writes. A Standard channel runs two pipelines, and every destination then needs one
    /// setting per pipeline; the archive's second pipeline writes beside the first.
    /// </summary>
    public static IReadOnlyList<OutputDestination> Destinations(LiveStreamSpec spec, string packageChannelId, string? archiveUrl)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var destinations = new List<OutputDestination>
        {
            new(PackageDestination, MediaPackageSettings: [new MediaPackageOutputDestinationSettings(packageChannelId)]),
        };
        if (spec.Archive.Enabled && archiveUrl is not null)
        {
            var pipelines = spec.Encoding.ChannelClass == Api.LiveStreams.ChannelClass.Standard
                ? new[] { new OutputDestinationSettings(archiveUrl + "/pipeline-0/index"), new OutputDestinationSettings(archiveUrl + "/pipeline-1/index") }
                : [new OutputDestinationSettings(archiveUrl + "/index")];
            destinations.Add(new OutputDestination(ArchiveDestination, Settings: pipelines));
        }

        return destinations;
    }

    /// <summary>The archive prefix a destination list writes to, as recorded in a session.</summary>
    public static string? ArchivePrefix(IReadOnlyList<OutputDestination>? destinations)
    {
        var url = destinations?.FirstOrDefault(d => d.Id == ArchiveDestination)?.Settings is [var first, ..] ? first.Url : null;
        if (url is null)
        {
            return null;
        }

        var prefix = url[..url.LastIndexOf('/')];
        return prefix.EndsWith("/pipeline-0", StringComparison.Ordinal) ? prefix[..^"/pipeline-0".Length] : prefix;
    }

    private static VideoDescription Video(Rendition rendition) => new(
        VideoName(rendition),
        rendition.Width,
        rendition.Height,
        new VideoCodecSettings(new H264Settings(
            Bitrate: rendition.VideoBitrate,
            RateControlMode: "CBR",
            FramerateControl: "SPECIFIED",
            FramerateNumerator: 30,
            FramerateDenominator: 1,
            GopSize: 2,
            GopSizeUnits: "SECONDS",
            Profile: "HIGH")));

    private static string VideoName(Rendition rendition) => "video_" + rendition.Name;
}
