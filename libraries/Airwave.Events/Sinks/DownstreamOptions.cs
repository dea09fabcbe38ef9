using System.Text.Json.Serialization.Metadata;
using Airwave.Configuration;
using Microsoft.Extensions.Configuration;

namespace Airwave.Events.Sinks;

/// <summary>
/// The event publisher's settings. The DOWNSTREAM_SERVICE_* variables keep the names and meanings of the earlier
/// integration and define the sink named "default"; more sinks come from <c>Downstream:Sinks</c>.
/// </summary>
public sealed record DownstreamOptions : ISettingsSection<DownstreamOptions>
{
    public static JsonTypeInfo<DownstreamOptions> JsonType => DownstreamOptionsJson.Default.DownstreamOptions;

    public const string DefaultSinkName = "default";
    public const string DefaultSigningSecretName = "airwave-downstream-signing";

    public IReadOnlyList<SinkOptions> Sinks { get; init; } = [];

    /// <summary>DOWNSTREAM_SERVICE_ENABLE_EVENTS: state-change events are published.</summary>
    public bool EnableEvents { get; init; } = true;

    /// <summary>DOWNSTREAM_SERVICE_ENABLE_ANALYTICS: analytics are published.</summary>
    public bool EnableAnalytics { get; init; } = true;

    /// <summary>DOWNSTREAM_SERVICE_SIGNING_SECRET: one or more <c>whsec_</c> secrets; when empty the Secret below is used.</summary>
    public string? SigningSecret { get; init; }

    public string SigningSecretName { get; init; } = DefaultSigningSecretName;

    /// <summary>Where the outbox and the generated Secret live; empty means the namespace the operator runs in.</summary>
    public string? Namespace { get; init; }

    /// <summary>The outbox is spread over this many ConfigMaps; a resource's events always share one.</summary>
    public int OutboxShards { get; init; } = 8;

    /// <summary>Past this many pending events a warning is logged and the bound metric counts.</summary>
    public int MaxPendingEvents { get; init; } = 10_000;

    /// <summary>Over <see cref="MaxPendingEvents"/>, events older than this are dropped, oldest first.</summary>
    public TimeSpan MaxEventAge { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How often the leader looks for undelivered events when nothing wakes it.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long to wait after <paramref name="failures"/> failures in a row: the receiver's Retry-After when it gave
    /// one, else between half and all of InitialBackoff·2^(failures-1), so that publishers that failed together do not
    /// retry together; never more than MaxBackoff.
    /// </summary>
    public TimeSpan RetryDelay(int failures, TimeSpan? retryAfter = null) =>
        retryAfter is { } asked
            ? TimeSpan.FromTicks(Math.Clamp(asked.Ticks, 0, MaxBackoff.Ticks))
            : new ExponentialBackoff(InitialBackoff / 2, MaxBackoff / 2, Jitter: 1.0).Delay(Math.Max(failures - 1, 0));

    public bool Enabled => Sinks.Count > 0 && (EnableEvents || EnableAnalytics);

    /// <summary>Reads the DOWNSTREAM_SERVICE_* keys and the <c>Downstream</c> section; a bad value is a <see cref="SettingException"/>.</summary>
    public static DownstreamOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        const string Prefix = "DOWNSTREAM_SERVICE_";
        var options = Settings.Bind<DownstreamOptions>(configuration, "Downstream");
        options = options with
        {
            EnableEvents = Settings.GetBoolean(configuration, Prefix + "ENABLE_EVENTS") ?? options.EnableEvents,
            EnableAnalytics = Settings.GetBoolean(configuration, Prefix + "ENABLE_ANALYTICS") ?? options.EnableAnalytics,
            SigningSecret = configuration[Prefix + "SIGNING_SECRET"] is { Length: > 0 } secret ? secret : options.SigningSecret,
        };
        if (Settings.GetBoolean(configuration, Prefix + "ENABLED") == true)
        {
            var sink = new SinkOptions
            {
                Name = DefaultSinkName,
                Url = Settings.GetUrl(configuration, Prefix + "URL") ?? throw new SettingException($"{Prefix}ENABLED is true but {Prefix}URL is not set"),
                Token = configuration[Prefix + "TOKEN"] is { Length: > 0 } token ? token : null,
                Timeout = Settings.GetDuration(configuration, Prefix + "TIMEOUT") ?? TimeSpan.FromSeconds(10),
                RetryAttempts = Settings.GetInt32(configuration, Prefix + "RETRY_ATTEMPTS", minimum: 1) ?? 3,
                BatchSize = Settings.GetInt32(configuration, Prefix + "BATCH_SIZE", minimum: 1) ?? 100,
                Format = FormatOf(configuration, Prefix + "FORMAT"),
            };
            options = options with { Sinks = [sink, .. options.Sinks.Where(s => s.Name != DefaultSinkName)] };
        }

        foreach (var sink in options.Sinks)
        {
            if (sink.Url is null || string.IsNullOrEmpty(sink.Name) || sink.BatchSize < 1 || sink.RetryAttempts < 1 || !Enum.IsDefined(sink.Format))
            {
                throw new SettingException($"downstream sink \"{sink.Name}\" needs a name, a url, a batch size and retry attempts of at least 1, and a format of CloudEvents or Plain");
            }
        }

        return options;
    }

    /// <summary>DOWNSTREAM_SERVICE_FORMAT: <c>cloudevents</c> (the default) or <c>plain</c>, in any case.</summary>
    private static EventFormat FormatOf(IConfiguration configuration, string key) => configuration[key] switch
    {
        null or "" => EventFormat.CloudEvents,
        var value when Enum.TryParse<EventFormat>(value, ignoreCase: true, out var format) && !int.TryParse(value, out _) => format,
        _ => throw Settings.Invalid(configuration, key, "cloudevents or plain"),
    };

    /// <summary>Whether the switches let this type through at all.</summary>
    public bool Publishes(string type) => EventTypes.IsAnalytics(type) ? EnableAnalytics : EnableEvents;
}
