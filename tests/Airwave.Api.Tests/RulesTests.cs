using Airwave.Api.ArchiveSplits;
using Airwave.Api.LiveStreams;
using Airwave.Api.Validation;
using Airwave.Api.VideoAssets;
using Airwave.Kubernetes.ApiMachinery.Meta;

namespace Airwave.Api.Tests;

/// <summary>The rules beyond the schema, in the API server's words: what admission refuses and conditions report.</summary>
public sealed class RulesTests
{
    [Fact]
    public void A_source_block_of_another_type_is_forbidden_and_a_meeting_or_url_is_required()
    {
        var chimeWithPull = new LiveStreamSpec { Source = new StreamSource { Type = SourceType.Chime, Pull = new PullSource { Url = "rtmp://camera.example/live" } } };
        var rtmp = new LiveStreamSpec { Source = new StreamSource { Type = SourceType.RtmpPush, RtmpPush = new RtmpPushSource() } };

        Assert.Equal(
            [
                "spec.source.pull: Forbidden: may only be set when spec.source.type is Pull, and it is Chime",
                "spec.source.chime: Required value: spec.source.type Chime needs the meeting to join (meetingUrl)",
            ],
            LiveStreamRules.Validate(chimeWithPull).Select(e => e.ToString()));
        Assert.Empty(LiveStreamRules.Validate(rtmp));
    }

    [Theory]
    [InlineData("rtsp://10.0.0.5/stream1", false)]
    [InlineData("RTSP://camera.example/live", false)]
    [InlineData("rtmp://camera.example/live/main", true)]
    [InlineData("https://cdn.example.com/lobby/index.m3u8", true)]
    [InlineData("https://cdn.example.com/intro.mp4", true)]
    public void A_pulled_url_is_refused_when_it_is_rtsp_saying_what_can_be_pulled(string url, bool valid)
    {
        var errors = LiveStreamRules.Validate(new LiveStreamSpec { Source = new StreamSource { Type = SourceType.Pull, Pull = new PullSource { Url = url } } });

        if (valid)
        {
            Assert.Empty(errors);
        }
        else
        {
            var error = Assert.Single(errors);
            Assert.Equal("spec.source.pull.url", error.Field);
            Assert.Contains("RTSP cannot be pulled: give an RTMP (rtmp://, rtmps://), HLS (an http:// or https:// .m3u8) or MP4", error.ToString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("30s", false)]
    [InlineData("59s", false)]
    [InlineData("1m", true)]
    [InlineData("90s", true)]
    [InlineData("1h30m", true)]
    public void An_idle_limit_is_at_least_a_minute(string after, bool valid)
    {
        var errors = LiveStreamRules.Validate(new LiveStreamSpec { Source = new StreamSource { Type = SourceType.RtmpPush }, IdleStopAfter = after });

        Assert.Equal(valid ? [] : ["spec.idleStopAfter"], errors.Select(e => e.Field));
        Assert.Equal(valid, Durations.TryParse(after, out var parsed) && parsed >= TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void An_archive_path_that_climbs_out_is_invalid()
    {
        var spec = new LiveStreamSpec { Source = new StreamSource(), Archive = new ArchiveSpec { PathTemplate = "{stream}/../x" } };

        var error = Assert.Single(LiveStreamRules.Validate(spec));

        Assert.Equal("spec.archive.pathTemplate: Invalid value: \"{stream}/../x\": may not have a '.' or '..' segment: archive prefixes stay under the stream's namespace", error.ToString());
        Assert.Equal("FieldValueInvalid", error.Reason);
    }

    [Theory]
    [InlineData(SourceType.RtmpPush, "{stream}-*")]
    [InlineData(SourceType.S3Upload, "uploads/{stream}?")]
    public void An_archive_path_with_an_iam_wildcard_is_invalid(SourceType type, string template)
    {
        var spec = new LiveStreamSpec { Source = new StreamSource { Type = type }, Archive = new ArchiveSpec { PathTemplate = template } };

        var error = Assert.Single(LiveStreamRules.Validate(spec));

        Assert.Equal($"spec.archive.pathTemplate: Invalid value: \"{template}\": may not have '*' or '?': they are wildcards in the IAM policy that limits a session's uploads to its prefix, which would reach other prefixes", error.ToString());
    }

    [Fact]
    public void An_uploaded_streams_archive_path_names_the_stream_and_a_recorded_ones_need_not()
    {
        LiveStreamSpec With(SourceType type) => new() { Source = new StreamSource { Type = type }, Archive = new ArchiveSpec { PathTemplate = "uploads/{timestamp}" } };

        var error = Assert.Single(LiveStreamRules.Validate(With(SourceType.S3Upload)));

        Assert.Equal("spec.archive.pathTemplate: Invalid value: \"uploads/{timestamp}\": must contain {stream} for an S3Upload stream: the app's credentials may write anywhere under the session's prefix, and without the stream's name other streams of the namespace get the same prefix", error.ToString());
        Assert.Empty(LiveStreamRules.Validate(With(SourceType.RtmpPush)));
        Assert.Empty(LiveStreamRules.Validate(With(SourceType.S3Upload) with { Archive = new ArchiveSpec() }));
    }

    [Fact]
    public void Changing_the_channel_class_or_the_source_type_warns_that_it_needs_a_new_stream()
    {
        var old = new LiveStreamSpec { Source = new StreamSource() };
        var updated = old with { Encoding = new StreamEncoding { ChannelClass = ChannelClass.Standard }, Source = new StreamSource { Type = SourceType.Pull, Pull = new PullSource { Url = "https://example.com/a.m3u8" } } };

        var warnings = LiveStreamRules.UpdateWarnings(old, updated);

        Assert.Equal(2, warnings.Count);
        Assert.StartsWith("spec.encoding.channelClass: SinglePipeline cannot be changed to Standard in place", warnings[0], StringComparison.Ordinal);
        Assert.StartsWith("spec.source.type: a RtmpPush stream does not become Pull in place", warnings[1], StringComparison.Ordinal);
        Assert.Empty(LiveStreamRules.UpdateWarnings(old, old with { Live = true }));
    }

    [Fact]
    public void An_upload_stream_is_recorded_by_its_app_may_play_live_and_asks_for_nothing_only_MediaLive_does()
    {
        var upload = new LiveStreamSpec { Source = new StreamSource { Type = SourceType.S3Upload, S3Upload = new S3UploadSource() } };

        var everything = LiveStreamRules.Validate(upload with { Archive = new ArchiveSpec { Enabled = false }, Live = true, Playback = new PlaybackSpec { Encryption = new EncryptionSpec { Enabled = true } } });
        var misplaced = LiveStreamRules.Validate(new LiveStreamSpec { Source = new StreamSource { S3Upload = new S3UploadSource() } });

        Assert.Empty(LiveStreamRules.Validate(upload));
        Assert.Empty(LiveStreamRules.Validate(upload with { Live = true }));
        Assert.Empty(LiveStreamRules.Validate(upload with { Source = upload.Source with { S3Upload = null } }));
        Assert.Equal(["spec.archive.enabled", "spec.playback.encryption.enabled"], everything.Select(e => e.Field));
        Assert.Contains("uploads are its archive", everything[0].ToString(), StringComparison.Ordinal);
        Assert.Equal("spec.source.s3Upload", Assert.Single(misplaced).Field);
    }

    [Fact]
    public void A_chime_stream_to_ivs_may_be_recorded_but_not_ask_for_what_only_MediaLive_does_and_ivs_settings_need_target_ivs()
    {
        var toIvs = new LiveStreamSpec
        {
            Source = new StreamSource { Type = SourceType.Chime, Chime = new ChimeSource { MeetingUrl = "https://meet.example.com/m", Target = ChimeTarget.Ivs, Ivs = new IvsChannelSpec() } },
            Archive = new ArchiveSpec { Enabled = false },
        };
        var toMediaLive = toIvs with { Source = toIvs.Source with { Chime = toIvs.Source.Chime! with { Target = ChimeTarget.MediaLive } } };

        var everything = LiveStreamRules.Validate(toIvs with { Archive = new ArchiveSpec(), Live = true, Playback = new PlaybackSpec { Encryption = new EncryptionSpec { Enabled = true } } });

        Assert.Empty(LiveStreamRules.Validate(toIvs));
        Assert.Empty(LiveStreamRules.Validate(toIvs with { Archive = new ArchiveSpec() }));
        Assert.Equal(["spec.live", "spec.playback.encryption.enabled"], everything.Select(e => e.Field));
        Assert.Contains("status.ivs.playbackUrl", everything[0].ToString(), StringComparison.Ordinal);
        Assert.Equal("spec.source.chime.ivs", Assert.Single(LiveStreamRules.Validate(toMediaLive)).Field);
        Assert.Empty(LiveStreamRules.Validate(toMediaLive with { Source = toMediaLive.Source with { Chime = toMediaLive.Source.Chime! with { Ivs = null } }, Live = true }));
        Assert.StartsWith("spec.source.chime.target: a stream that pushes to Ivs keeps doing so", Assert.Single(LiveStreamRules.UpdateWarnings(toIvs, toMediaLive with { Source = toMediaLive.Source with { Chime = toMediaLive.Source.Chime! with { Ivs = null } } })), StringComparison.Ordinal);
    }

    [Fact]
    public void Signed_playback_needs_the_live_distribution_and_a_MediaLive_channel_saying_what_to_use_instead()
    {
        var signed = new PlaybackSpec { Policy = PlaybackPolicy.Signed };
        var rtmp = new LiveStreamSpec { Source = new StreamSource { Type = SourceType.RtmpPush }, Live = true, Playback = signed };
        var toIvs = new LiveStreamSpec
        {
            Source = new StreamSource { Type = SourceType.Chime, Chime = new ChimeSource { MeetingUrl = "https://meet.example.com/m", Target = ChimeTarget.Ivs } },
            Playback = signed,
        };
        var upload = new LiveStreamSpec { Source = new StreamSource { Type = SourceType.S3Upload }, Live = true, Playback = signed };

        Assert.Empty(LiveStreamRules.Validate(rtmp));
        Assert.Empty(LiveStreamRules.Validate(rtmp with { Source = new StreamSource { Type = SourceType.WebRtc } }));
        Assert.Equal(
            "spec.playback.policy: Invalid value: \"Signed\": signed playback is through the live distribution: set spec.live to true",
            Assert.Single(LiveStreamRules.Validate(rtmp with { Live = false })).ToString());
        Assert.Contains("spec.source.chime.ivs.private", Assert.Single(LiveStreamRules.Validate(toIvs)).ToString(), StringComparison.Ordinal);
        Assert.Contains("always served signed", Assert.Single(LiveStreamRules.Validate(upload)).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_section_that_ends_at_or_before_its_start_is_invalid_and_a_session_must_be_recorded()
    {
        var spec = new ArchiveSplitSpec
        {
            StreamRef = new LocalObjectReference { Name = "workshop" },
            SessionId = "ABC",
            Sections = [new ArchiveSection { Start = 0, End = 10 }, new ArchiveSection { Start = 20, End = 20 }],
        };

        Assert.Equal(["spec.sections[1].end: Invalid value: 20: must be after the section's start (20 s)"], ArchiveSplitRules.Validate(spec).Select(e => e.ToString()));
        Assert.Null(ArchiveSplitRules.CheckSession(spec, ["XYZ", "ABC"]));
        Assert.Equal("spec.sessionId: Invalid value: \"ABC\": LiveStream workshop recorded no such session; its sessions are XYZ", ArchiveSplitRules.CheckSession(spec, ["XYZ"])!.ToString());
        Assert.EndsWith("it has recorded none yet", ArchiveSplitRules.CheckSession(spec, [])!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Streams_record_and_splits_write_clips_only_to_the_installations_buckets()
    {
        var policy = new BucketPolicy("main-archive", ["tenant-*-archive"], "clips");

        Assert.Null(policy.CheckArchive(new ArchiveSpec { Enabled = true, Bucket = "tenant-red-archive" }));
        Assert.Null(policy.CheckArchive(new ArchiveSpec { Enabled = false, Bucket = "elsewhere" }));
        Assert.Equal(
            "spec.archive.bucket: Invalid value: \"elsewhere\": not a bucket this installation lets streams record to (allowed: main-archive, tenant-*-archive); leave it out to record to main-archive, or ask the operator's administrators to allow it (allowedArchiveBuckets)",
            policy.CheckArchive(new ArchiveSpec { Enabled = true, Bucket = "elsewhere" })!.ToString());
        Assert.Null(policy.CheckClips(new SplitOutput { Bucket = "clips" }));
        Assert.Null(policy.CheckClips(new SplitOutput { Bucket = "tenant-blue-archive" }));
        Assert.Null(policy.CheckClips(new SplitOutput()));
        Assert.Equal("spec.output.bucket", policy.CheckClips(new SplitOutput { Bucket = "elsewhere" })!.Field);
    }

    [Fact]
    public void A_video_needs_exactly_one_source_and_chapters_that_end_after_they_start()
    {
        var none = new VideoAssetSpec { Title = "t", Source = new VideoSource(), Chapters = [new Chapter { Title = "c", StartTime = 60, EndTime = 30 }] };
        var two = new VideoAssetSpec { Title = "t", Source = new VideoSource { Url = "https://example.com/a.mp4", DirectUpload = new DirectUpload() } };

        Assert.Equal(
            [
                "spec.source: Required value: set one of spec.source.directUpload, spec.source.url and spec.source.archiveSplitRef",
                "spec.chapters[0].endTime: Invalid value: 30: must be after the chapter's startTime (60 s)",
            ],
            VideoAssetRules.Validate(none).Select(e => e.ToString()));
        Assert.Equal(["spec.source: Forbidden: set exactly one of spec.source.directUpload, spec.source.url and spec.source.archiveSplitRef, not directUpload and url"], VideoAssetRules.Validate(two).Select(e => e.ToString()));
    }
}
