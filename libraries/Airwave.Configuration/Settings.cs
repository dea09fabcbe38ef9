using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Airwave.Configuration;

/// <summary>
/// Reads settings the one way the operator reads them: durations and switches in every form
/// <see cref="SettingValues"/> accepts, and a <see cref="SettingException"/> naming the variable and its value for
/// anything that does not convert.
/// </summary>
public static class Settings
{
    /// <summary>
    /// Binds a section (e.g. "Operator") to <typeparamref name="T"/>; its defaults stand where the section is silent.
    /// A configured list replaces the default one; configured map entries join the default ones.
    /// </summary>
    public static T Bind<T>(IConfiguration configuration, string section)
        where T : ISettingsSection<T>, new()
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var created = new T();
        var defaults = SettingDefaults.Of(T.JsonType, created);
        SettingDefaults.RequireMakeable(T.JsonType, defaults);
        return SectionReader.Read(configuration, configuration.GetSection(section), T.JsonType, defaults) is { } read
            ? read.Deserialize(T.JsonType)!
            : created;
    }

    public static TimeSpan? GetDuration(IConfiguration configuration, string key) =>
        Get(configuration, key, SettingValues.DurationExamples, (string text, out TimeSpan value) => SettingValues.TryParseDuration(text, out value));

    public static bool? GetBoolean(IConfiguration configuration, string key) =>
        Get(configuration, key, $"one of {SettingValues.BooleanExamples}", (string text, out bool value) => SettingValues.TryParseBoolean(text, out value));

    /// <summary>A whole number of at least <paramref name="minimum"/>.</summary>
    public static int? GetInt32(IConfiguration configuration, string key, int minimum = int.MinValue) =>
        Get(
            configuration,
            key,
            minimum == int.MinValue ? "a whole number" : $"a whole number of at least {minimum}",
            (string text, out int value) => int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && value >= minimum);

    /// <summary>An absolute http or https URL.</summary>
    public static Uri? GetUrl(IConfiguration configuration, string key)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[key] is not { Length: > 0 } text)
        {
            return null;
        }

        return Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw Invalid(configuration, key, "an absolute http or https URL");
    }

    /// <summary>The error for a value that is present but wrong.</summary>
    public static SettingException Invalid(IConfiguration configuration, string key, string expected, Exception? cause = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var message = $"{SettingSource.Describe(configuration, key)} is \"{configuration[key]}\", which is not {expected}";
        return cause is null ? new SettingException(message) : new SettingException(message, cause);
    }

    private delegate bool TryParse<T>(string text, out T value);

    // An empty value is the same as an absent one: `VAR=` in a manifest means "not set".
    private static T? Get<T>(IConfiguration configuration, string key, string expected, TryParse<T> parse)
        where T : struct =>
        configuration[key] is { Length: > 0 } text ? parse(text, out var value) ? value : throw Invalid(configuration, key, expected) : null;
}
