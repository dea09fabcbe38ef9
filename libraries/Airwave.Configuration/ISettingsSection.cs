using System.Text.Json.Serialization.Metadata;

namespace Airwave.Configuration;

/// <summary>
/// A type <see cref="Settings.Bind{T}"/> reads a configuration section into. Its shape comes from JSON metadata
/// generated at build time (a <c>JsonSerializerContext</c> that lists it), so binding needs no reflection and works in
/// ahead-of-time compiled programs.
/// </summary>
public interface ISettingsSection<T>
    where T : ISettingsSection<T>
{
    static abstract JsonTypeInfo<T> JsonType { get; }
}
