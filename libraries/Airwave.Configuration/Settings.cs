using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Airwave.Configuration;

/// <summary>
/// Reads settings the one way the operator reads them: durations and switches in every form
/// <see cref="SettingValues"/> accepts, and a <see cref="SettingException"/> naming the variable and its value for
/// anything that does not convert.
/// </summary>
public static partial class Settings
{
    /// <summary>Binds a section (e.g. "Operator") to <typeparamref name="T"/>; its defaults stand where the section is silent.</summary>
    public static T Bind<T>(IConfiguration configuration, string section)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(configuration);
        SettingConverters.Register();
        var failures = SettingConverters.StartRecording();
        try
        {
            T? bound = null;
            try
            {
                bound = configuration.GetSection(section).Get<T>() ?? new T();
            }
            catch (InvalidOperationException e) when (failures.Count == 0 && FailedBinding().Match(e.Message) is { Success: true } failure)
            {
                throw Invalid(configuration, failure.Groups["key"].Value, Expected(failure.Groups["type"].Value, e.InnerException), e);
            }
            catch (InvalidOperationException) when (failures.Count > 0)
            {
                // Reported below, from what the converter recorded: it knows the value and what was expected.
            }

            return failures.Count == 0 ? bound! : throw Invalid(configuration, KeyWithValue(configuration, section, failures[0].Text), failures[0].Expected);
        }
        finally
        {
            SettingConverters.StopRecording();
        }
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

    private static string KeyWithValue(IConfiguration configuration, string section, string value) =>
        configuration.GetSection(section).AsEnumerable().Where(pair => pair.Value == value).Select(pair => pair.Key).Order(StringComparer.Ordinal).FirstOrDefault() ?? section;

    // TimeSpan and bool never get here: their converters record what they expected.
    private static string Expected(string type, Exception? cause) => type switch
    {
        "System.Int32" or "System.Int64" => "a whole number",
        "System.Uri" => "a URL",
        _ => cause?.Message ?? $"a value of type {type}",
    };

    // The binder's message names the key and the type but not the value, which Invalid reads back.
    [GeneratedRegex("at '(?<key>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex FailedBinding();
}
