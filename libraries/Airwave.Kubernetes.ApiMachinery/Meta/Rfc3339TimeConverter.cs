using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Airwave.Kubernetes.ApiMachinery.Meta;

/// <summary>Timestamps as Kubernetes sends them: RFC 3339 in UTC, at the precision the derived type's format gives.</summary>
public abstract class Rfc3339TimeConverter(string format) : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString() ?? throw new JsonException("a timestamp must be a string");
        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.UtcDateTime.ToString(format, CultureInfo.InvariantCulture));
    }
}
