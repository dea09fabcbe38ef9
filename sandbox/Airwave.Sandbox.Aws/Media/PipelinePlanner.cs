using Airwave.Aws.MediaLive;
using Airwave.Sandbox.Aws.MediaLive;

namespace Airwave.Sandbox.Aws.Media;

/// <summary>Reads a channel's settings for what its pipelines do with media: which input destination feeds each, and where its archive goes.</summary>
internal static class PipelinePlanner
{
    /// <summary>MediaLive's archive rollover when the output group sets none.</summary>
    private const int DefaultRolloverSeconds = 300;

    /// <summary>The bitrate a video description without one is encoded at.</summary>
    private const int DefaultBitrate = 2_000_000;

    /// <param name="allowedCidrs">The whitelist of the input's security groups.</param>
    public static IEnumerable<PipelinePlan> For(ChannelEntry channel, Func<string, InputEntry?> inputs, Func<InputEntry, IEnumerable<string>> allowedCidrs)
    {
        if (channel.InputAttachments is not [var attachment, ..] || inputs(attachment.InputId) is not { } input)
        {
            yield break;
        }
        var pipelines = channel.ChannelClass == ChannelClass.Standard ? 2 : 1;
        if (input.Sources.Count > 0)
        {
            // A standard pull input's first source feeds pipeline 0 and its second pipeline 1.
            for (var pipeline = 0; pipeline < pipelines; pipeline++)
            {
                var source = input.Sources[Math.Min(pipeline, input.Sources.Count - 1)];
                var pull = new PullPlan(source.Url!, Once: input.Type == InputType.Mp4File);
                yield return new PipelinePlan(channel.Id, pipeline, 0, "live/pull", "", Archive(channel, pipeline), PackageChannel(channel), pull, Ladder(channel));
            }
            yield break;
        }
        if (input.Destinations.Count == 0)
        {
            yield break;
        }
        for (var pipeline = 0; pipeline < pipelines; pipeline++)
        {
            // A standard input's first destination feeds pipeline 0 and its second pipeline 1.
            var destination = input.Destinations[Math.Min(pipeline, input.Destinations.Count - 1)];
            if (destination.Port is null || destination.Url is null || !int.TryParse(destination.Port, out var port))
            {
                continue;
            }
            var streamName = new Uri(destination.Url).AbsolutePath.TrimStart('/');
            yield return new PipelinePlan(channel.Id, pipeline, port, streamName, string.Join(',', allowedCidrs(input)), Archive(channel, pipeline), PackageChannel(channel), Ladder: Ladder(channel));
        }
    }

    private static string? PackageChannel(ChannelEntry channel)
    {
        var group = channel.EncoderSettings?.OutputGroups.FirstOrDefault(g => g.OutputGroupSettings.MediaPackageGroupSettings is not null);
        var reference = group?.OutputGroupSettings.MediaPackageGroupSettings?.Destination.DestinationRefId;
        return channel.Destinations.FirstOrDefault(d => d.Id == reference)?.MediaPackageSettings is [var settings, ..] ? settings.ChannelId : null;
    }

    /// <summary>The MediaPackage output group's renditions; null when the group has no output with a video description.</summary>
    private static VideoLadder? Ladder(ChannelEntry channel)
    {
        var group = channel.EncoderSettings?.OutputGroups.FirstOrDefault(g => g.OutputGroupSettings.MediaPackageGroupSettings is not null);
        var videos = channel.EncoderSettings?.VideoDescriptions ?? [];
        List<LadderRendition> renditions =
        [
            .. (group?.Outputs ?? [])
                .Select(output => videos.FirstOrDefault(video => video.Name == output.VideoDescriptionName))
                .OfType<VideoDescription>()
                .Select(video => new LadderRendition(video.Width, video.Height, video.CodecSettings?.H264Settings?.Bitrate ?? DefaultBitrate)),
        ];
        return renditions.Count > 0 ? new VideoLadder(renditions) : null;
    }

    private static ArchivePlan? Archive(ChannelEntry channel, int pipeline)
    {
        var group = channel.EncoderSettings?.OutputGroups.FirstOrDefault(g => g.OutputGroupSettings.ArchiveGroupSettings is not null);
        if (group?.OutputGroupSettings.ArchiveGroupSettings is not { } settings
            || group.Outputs is not [var output, ..]
            || output.OutputSettings.ArchiveOutputSettings is not { } archive)
        {
            return null;
        }
        var destination = channel.Destinations.FirstOrDefault(d => d.Id == settings.Destination.DestinationRefId)?.Settings;
        if (destination is not { Count: > 0 } || destination[Math.Min(pipeline, destination.Count - 1)].Url is not { } url)
        {
            return null;
        }
        var location = new Uri(url);
        if (location.Scheme is not ("s3" or "s3ssl"))
        {
            return null;
        }
        return new ArchivePlan(
            location.Host,
            Uri.UnescapeDataString(location.AbsolutePath.TrimStart('/')),
            archive.NameModifier ?? "",
            archive.Extension ?? "ts",
            settings.RolloverInterval ?? DefaultRolloverSeconds);
    }
}
