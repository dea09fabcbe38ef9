using System.Text.Json.Nodes;
using Airwave.Events.CloudEvents;
using Airwave.Events.Delivery;
using Airwave.Events.Payloads;
using Airwave.Events.Tests.Infrastructure;

namespace Airwave.Events.Tests;

/// <summary>What a receiver written for the earlier integration reads in the plain format: its documented payloads.</summary>
public sealed class PlainFormatTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 28, 16, 50, 2, 250, TimeSpan.Zero);

    [Fact]
    public void A_streaming_event_has_the_documented_fields_and_its_time_in_epoch_seconds()
    {
        var started = Event("dev.airwave.stream.started", new StreamingEvent
        {
            EventType = "stream_start",
            Timestamp = At,
            SessionId = "session-1",
            StreamData = new StreamMetadata { StreamId = "uid-1", Name = "studio", Namespace = "team" },
        });

        var (single, contentType) = PlainFormat.Encode([started], batched: false);
        var payload = JsonNode.Parse(single)!.AsObject();

        Assert.Equal("application/json", contentType);
        Assert.Equal(["event_type", "timestamp", "stream_data", "user_agent", "ip_address", "session_id"], payload.Select(p => p.Key));
        Assert.Equal(1_795_884_602.25, (double)payload["timestamp"]!);
        Assert.Equal(("stream_start", "session-1", "uid-1"), ((string?)payload["event_type"], (string?)payload["session_id"], (string?)payload["stream_data"]!["stream_id"]));
        Assert.Null(payload["user_agent"]);
    }

    [Fact]
    public void A_stop_says_why_the_session_ended_and_no_other_event_carries_the_field()
    {
        var stopped = Event("dev.airwave.stream.stopped", new StreamingEvent
        {
            EventType = "stream_stop",
            Timestamp = At,
            SessionId = "session-1",
            StopReason = "idle",
            StreamData = new StreamMetadata { StreamId = "uid-1", Name = "studio", Namespace = "team" },
        });

        var payload = JsonNode.Parse(PlainFormat.Encode([stopped], batched: false).Body)!.AsObject();

        Assert.Equal(["event_type", "timestamp", "stream_data", "user_agent", "ip_address", "session_id", "stop_reason"], payload.Select(p => p.Key));
        Assert.Equal(("stream_stop", "idle"), ((string?)payload["event_type"], (string?)payload["stop_reason"]));
    }

    [Theory]
    [InlineData("rtmp://origin.example.com/live/key", "rtmp_stream", false)]
    [InlineData("https://origin.example.com/live/index.m3u8", "hls_stream", false)]
    [InlineData("https://media.example.com/talk.mp4", "http_stream", true)]
    public void A_pulled_streams_data_is_the_external_stream_payload(string url, string streamType, bool file)
    {
        var started = Event("dev.airwave.stream.started", new StreamingEvent
        {
            EventType = "stream_start",
            Timestamp = At,
            StreamData = new StreamMetadata { StreamId = "uid-2", Name = "relay", Namespace = "team", ExternalStream = ExternalStreamDetails.For("uid-2", "relay", new Uri(url), "Running", At) },
        });

        var external = JsonNode.Parse(PlainFormat.Encode([started], batched: false).Body)!["stream_data"]!.AsObject();

        Assert.Equal(["stream_id", "name", "url", "stream_type", "status", "initial_seek", "timestamp", "metadata"], external.Select(p => p.Key));
        Assert.Equal(streamType, (string?)external["stream_type"]);
        Assert.Equal(url, (string?)external["url"]);
        Assert.Equal(1_795_884_602.25, (double)external["timestamp"]!);
        var metadata = external["metadata"]!;
        Assert.Equal((new Uri(url).Scheme, "/" + url.Split('/', 4)[3], true, file), ((string?)metadata["protocol"], (string?)metadata["path"], (bool)metadata["is_live"]!, (bool)metadata["is_video_file"]!));
    }

    [Fact]
    public void A_videos_data_is_the_video_detail_payload_with_its_facts_under_metadata()
    {
        var ready = Event("dev.airwave.video.ready", new VideoEvent
        {
            EventType = "video_ready",
            Timestamp = At,
            VideoData = new VideoData
            {
                VideoId = "uid-3", Name = "intro", Namespace = "videos", Title = "Intro", Status = "Ready", Duration = 60, FileSize = 1_000, Format = "mp4",
                Resolution = "1280x720", Fps = 30, Bitrate = 2_000, Codec = "h264", FilePath = "https://media.example.com/intro.mp4", CreatedAt = At.AddMinutes(-1), UpdatedAt = At,
                Chapters = [new VideoChapter { Title = "Opening", StartTime = 0, EndTime = 10 }],
            },
        });

        var video = JsonNode.Parse(PlainFormat.Encode([ready], batched: false).Body)!["stream_data"]!.AsObject();

        Assert.Equal(["video_id", "title", "description", "duration", "file_path", "file_size", "created_at", "updated_at", "stream_type", "status", "metadata", "chapters"], video.Select(p => p.Key));
        Assert.Equal(("video_file", "uid-3", "https://media.example.com/intro.mp4"), ((string?)video["stream_type"], (string?)video["video_id"], (string?)video["file_path"]));
        Assert.Equal(["format", "resolution", "fps", "bitrate", "codec"], video["metadata"]!.AsObject().Select(p => p.Key));
        Assert.Equal(("mp4", 2_000L, "h264"), ((string?)video["metadata"]!["format"], (long)video["metadata"]!["bitrate"]!, (string?)video["metadata"]!["codec"]));
        Assert.Equal("Opening", (string?)video["chapters"]![0]!["title"]);
    }

    [Fact]
    public void Analytics_have_the_documented_fields_and_events_it_did_not_have_get_their_event_type_in_an_array()
    {
        var analytics = Event("dev.airwave.stream.analytics", new AnalyticsReport { StreamId = "uid-1", Timestamp = At, AnalyticsType = "stream_performance", Data = TestEvents.Performance(At) });
        var broadcast = Event("dev.airwave.broadcast.ended", new { site_id = "shop", user_id = "alice" });

        var batch = JsonNode.Parse(PlainFormat.Encode([analytics, broadcast], batched: true).Body)!.AsArray();

        Assert.Equal(["stream_id", "timestamp", "analytics_type", "data"], batch[0]!.AsObject().Select(p => p.Key));
        Assert.Equal((1_795_884_602.25, TestEvents.Performance(At).ViewDuration), ((double)batch[0]!["timestamp"]!, (double)batch[0]!["data"]!["view_duration"]!));
        Assert.Equal(("broadcast.ended", "shop"), ((string?)batch[1]!["event_type"], (string?)batch[1]!["site_id"]));
        Assert.Null(broadcast.Data!["event_type"]);
    }

    private static CloudEvent Event(string type, object data) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        Source = "/tests",
        Type = type,
        Time = At,
        Data = System.Text.Json.JsonSerializer.SerializeToNode(data),
    };
}
