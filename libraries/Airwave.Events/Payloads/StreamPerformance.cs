using System.Text.Json.Serialization;

namespace Airwave.Events.Payloads;

/// <summary>One view, as its player reported it: the <c>data</c> of a <c>stream_performance</c> report.</summary>
public sealed record StreamPerformance
{
    [JsonPropertyName("view_id")]
    public required string ViewId { get; init; }

    [JsonPropertyName("session_id")]
    public required string SessionId { get; init; }

    /// <summary>Seconds watched: from the first play to the end, less the time paused.</summary>
    [JsonPropertyName("view_duration")]
    public required double ViewDuration { get; init; }

    /// <summary>Stalls while playing (not while starting or after a seek).</summary>
    [JsonPropertyName("buffering_events")]
    public required int BufferingEvents { get; init; }

    /// <summary>Seconds spent in those stalls.</summary>
    [JsonPropertyName("buffering_duration")]
    public required double BufferingDuration { get; init; }

    /// <summary>Rendition switches after the first rendition played.</summary>
    [JsonPropertyName("quality_changes")]
    public required int QualityChanges { get; init; }

    [JsonPropertyName("user_engagement")]
    public required UserEngagement UserEngagement { get; init; }

    /// <summary>From the first play to the first frame; absent when no frame played.</summary>
    [JsonPropertyName("startup_time_ms")]
    public double? StartupTimeMs { get; init; }

    /// <summary>Buffering duration over view duration (0 for a view that watched nothing).</summary>
    [JsonPropertyName("rebuffer_ratio")]
    public required double RebufferRatio { get; init; }

    [JsonPropertyName("errors")]
    public required int Errors { get; init; }

    /// <summary>The last error the player reported, if any.</summary>
    [JsonPropertyName("last_error")]
    public string? LastError { get; init; }

    /// <summary>
    /// How the view ended: <c>ended</c> (the player said so), <c>timed_out</c> (its heartbeats stopped),
    /// <c>service_stopped</c>, or, for a view through the embed script, <c>disconnected</c> (its page went away).
    /// </summary>
    [JsonPropertyName("end_reason")]
    public required string EndReason { get; init; }

    [JsonPropertyName("user_agent")]
    public string? UserAgent { get; init; }

    [JsonPropertyName("ip_address")]
    public string? IpAddress { get; init; }

    /// <summary>A view through the embed script's: the site's id of the user watching, from their user token.</summary>
    [JsonPropertyName("viewer_user_id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ViewerUserId { get; init; }

    /// <summary>The last Common Media Client Data (CTA-5004) the player sent, by its keys (<c>br</c>, <c>bl</c>, <c>mtp</c>…).</summary>
    [JsonPropertyName("cmcd")]
    public IReadOnlyDictionary<string, object>? Cmcd { get; init; }
}

/// <summary>
/// How engaged the viewer was. <c>watch_ratio</c>: the view duration over the video's duration (a VideoAsset) or over
/// the time the view was open (a live or external stream), at most 1. <c>level</c>: <c>high</c> at a ratio of 0.75
/// or more, or 0.5 with an interaction; <c>medium</c> at 0.25 or more, or with any interaction; else <c>low</c>.
/// Interactions are pauses, seeks and rendition choices the viewer made.
/// </summary>
public sealed record UserEngagement
{
    [JsonPropertyName("level")]
    public required string Level { get; init; }

    [JsonPropertyName("watch_ratio")]
    public required double WatchRatio { get; init; }

    [JsonPropertyName("interactions")]
    public required int Interactions { get; init; }

    public static UserEngagement From(double watchRatio, int interactions)
    {
        var ratio = Math.Clamp(watchRatio, 0, 1);
        var level = ratio >= 0.75 || (ratio >= 0.5 && interactions > 0) ? "high"
            : ratio >= 0.25 || interactions > 0 ? "medium"
            : "low";
        return new UserEngagement { Level = level, WatchRatio = Math.Round(ratio, 3), Interactions = interactions };
    }
}
