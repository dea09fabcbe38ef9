using Airwave.Aws.MediaLive;

namespace Airwave.Aws.Tests.Support;

/// <summary>
/// Test data exercising the HLS group's wire shape: one 720p H.264 + AAC rendition, sent both as HLS to
/// MediaPackage (WebDAV) and as a transport-stream archive to S3 that rolls over every segment length.
/// The operator itself sends to MediaPackage through a MediaPackage output group (see ChannelSettings).
/// </summary>
public static class LiveEncoderSettings
{
    public const string VideoName = "video_720p";
    public const string AudioName = "audio_aac";
    public const string AudioSelector = "default";

    public static EncoderSettings Create(string mediaPackageDestinationId, string archiveDestinationId, int segmentLengthSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(segmentLengthSeconds, 1);
        return new EncoderSettings(
            AudioDescriptions: [new AudioDescription(AudioName, AudioSelector, new AudioCodecSettings(new AacSettings(Bitrate: 128000, CodingMode: "CODING_MODE_2_0", SampleRate: 48000)))],
            OutputGroups:
            [
                new OutputGroup(
                    new OutputGroupSettings(HlsGroupSettings: new HlsGroupSettings(
                        new OutputLocationRef(mediaPackageDestinationId),
                        new HlsCdnSettings(new HlsWebdavSettings(ConnectionRetryInterval: 1, FilecacheDuration: 300, HttpTransferMode: "NON_CHUNKED", NumRetries: 10, RestartDelay: 15)),
                        SegmentLength: 6,
                        Mode: "LIVE",
                        ProgramDateTime: "INCLUDE")),
                    [Rendition(new OutputSettings(HlsOutputSettings: new HlsOutputSettings(new HlsSettings(new StandardHlsSettings(new M3u8Settings())), NameModifier: "_720p")))],
                    Name: "mediapackage"),
                new OutputGroup(
                    new OutputGroupSettings(ArchiveGroupSettings: new ArchiveGroupSettings(new OutputLocationRef(archiveDestinationId), RolloverInterval: segmentLengthSeconds)),
                    [Rendition(new OutputSettings(ArchiveOutputSettings: new ArchiveOutputSettings(new ArchiveContainerSettings(new M2tsSettings()), Extension: "ts", NameModifier: "_archive")))],
                    Name: "archive"),
            ],
            TimecodeConfig: new TimecodeConfig("SYSTEMCLOCK"),
            VideoDescriptions:
            [
                new VideoDescription(VideoName, 1280, 720, new VideoCodecSettings(new H264Settings(
                    Bitrate: 3_000_000,
                    RateControlMode: "CBR",
                    FramerateControl: "SPECIFIED",
                    FramerateNumerator: 30,
                    FramerateDenominator: 1,
                    GopSize: 2,
                    GopSizeUnits: "SECONDS",
                    Profile: "MAIN"))),
            ]);
    }

    private static Output Rendition(OutputSettings settings) =>
        new(settings, VideoDescriptionName: VideoName, AudioDescriptionNames: [AudioName]);
}
