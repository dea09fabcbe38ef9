using System.ComponentModel;
using System.Globalization;

namespace Airwave.Configuration;

/// <summary>
/// Makes the configuration binder read TimeSpan and bool settings as <see cref="SettingValues"/> does. The binder
/// converts through <see cref="TypeDescriptor"/>, so this is its extension point; both formats accept everything
/// the framework's own converters accept.
/// </summary>
internal static class SettingConverters
{
    // The binder skips the items of a list that fail to convert without a word, so a bad value inside
    // Downstream:Sinks would drop a sink; the converters report each failure here while a bind records.
    [ThreadStatic]
    private static List<(string Text, string Expected)>? t_failures;

    private static readonly Lazy<bool> Registered = new(() =>
    {
        TypeDescriptor.AddAttributes(typeof(TimeSpan), new TypeConverterAttribute(typeof(DurationConverter)));
        TypeDescriptor.AddAttributes(typeof(bool), new TypeConverterAttribute(typeof(SwitchConverter)));
        return true;
    });

    public static void Register() => _ = Registered.Value;

    /// <summary>Collects this thread's conversion failures until <see cref="StopRecording"/>.</summary>
    public static List<(string Text, string Expected)> StartRecording() => t_failures = [];

    public static void StopRecording() => t_failures = null;

    private static FormatException Failure(string text, string expected)
    {
        t_failures?.Add((text, expected));
        return new FormatException($"\"{text}\" is not {expected}");
    }

    /// <summary>Reads a <typeparamref name="T"/> from a setting's text, and prints it back the way it reads.</summary>
    private abstract class SettingConverter<T> : TypeConverter
        where T : struct
    {
        protected abstract string Expected { get; }

        protected abstract bool TryParse(string text, out T value);

        protected abstract string Print(T value);

        public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
            sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

        public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
            value is string text
                ? TryParse(text, out var parsed) ? parsed : throw Failure(text, Expected)
                : base.ConvertFrom(context, culture, value);

        public override object? ConvertTo(ITypeDescriptorContext? context, CultureInfo? culture, object? value, Type destinationType) =>
            value is T typed && destinationType == typeof(string)
                ? Print(typed)
                : base.ConvertTo(context, culture, value, destinationType);
    }

    private sealed class DurationConverter : SettingConverter<TimeSpan>
    {
        protected override string Expected => SettingValues.DurationExamples;

        protected override bool TryParse(string text, out TimeSpan value) => SettingValues.TryParseDuration(text, out value);

        protected override string Print(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
    }

    private sealed class SwitchConverter : SettingConverter<bool>
    {
        protected override string Expected => $"one of {SettingValues.BooleanExamples}";

        protected override bool TryParse(string text, out bool value) => SettingValues.TryParseBoolean(text, out value);

        protected override string Print(bool value) => value ? "true" : "false";
    }
}
