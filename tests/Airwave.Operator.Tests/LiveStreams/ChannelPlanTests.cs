using Airwave.Api.LiveStreams;
using Airwave.Operator.LiveStreams.Resources;

namespace Airwave.Operator.Tests.LiveStreams;

/// <summary>
/// The settings tag on a channel says which plan it was last made from: a tag written by an earlier release must still
/// match the same spec, or every running channel would be updated (and its viewers interrupted) by an upgrade.
/// </summary>
public sealed class ChannelPlanTests
{
    private const string InputId = "1234567";
    private const string PackageChannelId = "media-lobby-cam-1a2b3c4d";
    private const string RoleArn = "arn:aws:iam::123456789012:role/airwave-medialive";

    // Tags the operator wrote before its JSON was generated at build time.
    [Theory]
    [InlineData(ChannelClass.SinglePipeline, Ladder.P720, false, "8ad5b963641960d6")]
    [InlineData(ChannelClass.Standard, Ladder.P1080, true, "b3fd26e1c4a07429")]
    [InlineData(ChannelClass.SinglePipeline, Ladder.P480, true, "829ef5a263d31ae8")]
    public void A_channel_tagged_by_an_earlier_release_is_up_to_date_with_the_same_spec(ChannelClass channelClass, Ladder ladder, bool archive, string tagged)
    {
        var plan = Plan(Spec(channelClass, ladder, archive), archive ? "s3ssl://recordings/media/lobby-cam/2026-12-01" : null);

        Assert.Equal(tagged, plan.SettingsHash);
    }

    [Fact]
    public void The_archive_location_of_a_session_is_not_a_change_but_the_encoding_is()
    {
        var spec = Spec(ChannelClass.SinglePipeline, Ladder.P720, archive: true);

        var monday = Plan(spec, "s3ssl://recordings/media/lobby-cam/2026-11-30");
        var tuesday = Plan(spec, "s3ssl://recordings/media/lobby-cam/2026-12-01");
        var bigger = Plan(spec with { Encoding = spec.Encoding with { Ladder = Ladder.P1080 } }, "s3ssl://recordings/media/lobby-cam/2026-12-01");

        Assert.Equal(monday.SettingsHash, tuesday.SettingsHash);
        Assert.NotEqual(monday.SettingsHash, bigger.SettingsHash);
    }

    private static LiveStreamSpec Spec(ChannelClass channelClass, Ladder ladder, bool archive) => new()
    {
        Source = new StreamSource { Type = SourceType.RtmpPush },
        Encoding = new StreamEncoding { ChannelClass = channelClass, Ladder = ladder },
        Archive = new ArchiveSpec { Enabled = archive },
    };

    private static ChannelPlan Plan(LiveStreamSpec spec, string? archiveUrl) => ChannelManager.Plan(spec, InputId, PackageChannelId, archiveUrl, RoleArn);
}
