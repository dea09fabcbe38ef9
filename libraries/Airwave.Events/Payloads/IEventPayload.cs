using System.Text.Json.Serialization.Metadata;

namespace Airwave.Events.Payloads;

/// <summary>
/// The data of an event, written as the CloudEvent's <c>data</c> with JSON metadata generated at build time (a
/// <c>JsonSerializerContext</c> that lists it), so publishing needs no reflection.
/// </summary>
public interface IEventPayload<T>
    where T : IEventPayload<T>
{
    static abstract JsonTypeInfo<T> JsonType { get; }
}
