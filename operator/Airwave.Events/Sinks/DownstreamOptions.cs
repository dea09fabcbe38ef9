using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Airwave.Events.Sinks;

/// <summary>
/// The event publisher's settings. The DOWNSTREAM_SERVICE_* variables keep the names and meanings of the earlier
/// integration and define the sink named "default"; more sinks come from <c>Downstream:Sinks</c>.
/// </summary>
public sealed record DownstreamOptions
{
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

    public bool Enabled => Sinks.Count > 0 && (EnableEvents || EnableAnalytics);

    /// <summary>Reads the DOWNSTREAM_SERVICE_* keys and the <c>Downstream</c> section.</summary>
    public static DownstreamOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection("Downstream");
        var options = section.Get<DownstreamOptions>() ?? new DownstreamOptions();
        string? Env(string name) => configuration[$"DOWNSTREAM_SERVICE_{name}"] is { Length: > 0 } value ? value : null;

        options = options with
        {
            EnableEvents = Env("ENABLE_EVENTS") is { } events ? bool.Parse(events) : options.EnableEvents,
            EnableAnalytics = Env("ENABLE_ANALYTICS") is { } analytics ? bool.Parse(analytics) : options.EnableAnalytics,
            SigningSecret = Env("SIGNING_SECRET") ?? options.SigningSecret,
        };
        if (Env("ENABLED") is { } enabled && bool.Parse(enabled))
        {
            var url = Env("URL") ?? throw new InvalidOperationException("DOWNSTREAM_SERVICE_ENABLED is true but DOWNSTREAM_SERVICE_URL is not set");
            var sink = new SinkOptions
            {
                Name = DefaultSinkName,
                Url = new Uri(url),
                Token = Env("TOKEN"),
                Timeout = Env("TIMEOUT") is { } timeout ? TimeSpan.FromSeconds(double.Parse(timeout, CultureInfo.InvariantCulture)) : TimeSpan.FromSeconds(10),
                RetryAttempts = Env("RETRY_ATTEMPTS") is { } attempts ? int.Parse(attempts, CultureInfo.InvariantCulture) : 3,
                BatchSize = Env("BATCH_SIZE") is { } size ? int.Parse(size, CultureInfo.InvariantCulture) : 100,
            };
            options = options with { Sinks = [sink, .. options.Sinks.Where(s => s.Name != DefaultSinkName)] };
        }

        foreach (var sink in options.Sinks)
        {
            if (sink.Url is null || string.IsNullOrEmpty(sink.Name) || sink.BatchSize < 1 || sink.RetryAttempts < 1)
            {
                throw new InvalidOperationException($"downstream sink \"{sink.Name}\" needs a name, a url, a batch size and retry attempts of at least 1");
            }
        }

        return options;
    }

    /// <summary>Whether the switches let this type through at all.</summary>
    public bool Publishes(string type) => EventTypes.IsAnalytics(type) ? EnableAnalytics : EnableEvents;
}
