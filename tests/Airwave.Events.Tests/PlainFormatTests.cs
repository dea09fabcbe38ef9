using System.Text.Json.Nodes;
using Airwave.Events.CloudEvents;
using Airwave.Events.Delivery;

namespace Airwave.Events.Tests;

/// <summary>What a receiver written for the earlier integration reads in the plain format.</summary>
public sealed class PlainFormatTests
{
    [Fact]
    public void A_payload_is_sent_as_it_is_and_one_without_its_kind_gets_its_event_type()
    {
        var started = Event("dev.airwave.stream.started", new JsonObject { ["event_type"] = "stream_start", ["stream_data"] = new JsonObject { ["stream_id"] = "uid-1" } });
        var analytics = Event("dev.airwave.stream.analytics", new JsonObject { ["analytics_type"] = "stream_performance", ["stream_id"] = "uid-1" });
        var broadcast = Event("dev.airwave.broadcast.ended", new JsonObject { ["site_id"] = "shop", ["user_id"] = "alice" });

        var (single, contentType) = PlainFormat.Encode([started], batched: false);
        var (batch, _) = PlainFormat.Encode([started, analytics, broadcast], batched: true);

        Assert.Equal("application/json", contentType);
        Assert.True(JsonNode.DeepEquals(started.Data, JsonNode.Parse(single)), System.Text.Encoding.UTF8.GetString(single));
        var payloads = JsonNode.Parse(batch)!.AsArray();
        Assert.True(JsonNode.DeepEquals(analytics.Data, payloads[1]));
        Assert.Equal(("broadcast.ended", "shop"), ((string?)payloads[2]!["event_type"], (string?)payloads[2]!["site_id"]));
        Assert.Null(broadcast.Data!["event_type"]);
    }

    private static CloudEvent Event(string type, JsonObject data) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        Source = "/tests",
        Type = type,
        Time = DateTimeOffset.UtcNow,
        Data = data,
    };
}
