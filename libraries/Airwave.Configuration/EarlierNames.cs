using Microsoft.Extensions.Configuration;

namespace Airwave.Configuration;

/// <summary>
/// The names the systems Airwave replaces gave settings that Airwave has under names of its own, so a deployment
/// configured for them keeps working: a value under an earlier name is read as the setting, wherever the setting is
/// read. Both names set to different values stop startup, naming both (never their values, which may be secrets).
/// </summary>
public static class EarlierNames
{
    /// <param name="Earlier">The earlier name, as an environment variable.</param>
    /// <param name="Setting">Airwave's setting it is read as.</param>
    /// <param name="System">The system that named it so.</param>
    public sealed record Alias(string Earlier, string Setting, string System);

    public static IReadOnlyList<Alias> All { get; } =
    [
        new("VIDEO_CDN_TOKEN", "MUX_TOKEN_ID", "the VOD service"),
        new("VIDEO_CDN_SECRET", "MUX_TOKEN_SECRET", "the VOD service"),
        new("DJ_BROADCAST_AWS_ACCESS_KEY", "Aws:AccessKeyId", "django-broadcast"),
        new("DJ_BROADCAST_AWS_ACCESS_SECRET", "Aws:SecretAccessKey", "django-broadcast"),
        new("DJ_BROADCAST_S3_BUCKET", "Operator:ArchiveBucket", "django-broadcast"),
    ];

    /// <summary>The setting as an error names it: with its earlier name, where it has one, since either may be what was set.</summary>
    public static string Named(string setting) =>
        All.FirstOrDefault(a => string.Equals(a.Setting, setting, StringComparison.OrdinalIgnoreCase)) is { } alias ? $"{setting} (or {alias.Earlier})" : setting;

    /// <summary>Adds a source on top of <paramref name="configuration"/> that holds each earlier name's value under its setting.</summary>
    public static void Apply(ConfigurationManager configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var read = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var alias in All)
        {
            if (configuration[alias.Earlier] is not { Length: > 0 } earlier)
            {
                continue;
            }

            if (configuration[alias.Setting] is { Length: > 0 } current && current != earlier)
            {
                throw new SettingException($"{alias.Earlier} and {alias.Setting} are both set, to different values: {alias.Earlier} is {alias.System}'s name for {alias.Setting}; set one of them");
            }

            read[alias.Setting] = earlier;
        }

        if (read.Count > 0)
        {
            configuration.AddInMemoryCollection(read);
        }
    }
}
