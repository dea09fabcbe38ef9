using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Airwave.Events.CloudEvents;
using Airwave.Events.Payloads;

namespace Airwave.Events;

/// <summary>
/// One state change of one resource. <see cref="Id"/> is derived from what happened, not when, so a reconcile
/// that is retried and publishes the same transition again yields the same id and the outbox keeps one copy.
/// </summary>
/// <param name="Type">A short type such as <c>stream.started</c> (<see cref="EventTypes"/>).</param>
/// <param name="Data">The payload as the CloudEvent's data (e.g. a <see cref="StreamingEvent"/>'s JSON).</param>
public sealed record ResourceEvent(string Id, string Type, ResourceReference Subject, DateTimeOffset Time, JsonNode Data)
{
    /// <param name="occurrence">What tells repeats of this transition apart: a session id, a generation; empty for once-only transitions.</param>
    public static ResourceEvent Create<T>(string type, ResourceReference subject, string occurrence, DateTimeOffset time, T data)
        where T : IEventPayload<T> =>
        Create(type, subject, occurrence, time, CloudEventFormat.Data(data));

    /// <param name="occurrence">What tells repeats of this transition apart: a session id, a generation; empty for once-only transitions.</param>
    public static ResourceEvent Create(string type, ResourceReference subject, string occurrence, DateTimeOffset time, JsonNode data)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(subject);
        return new ResourceEvent(IdFor(subject.Uid, type, occurrence), type, subject, time, data);
    }

    /// <summary>A 32-hex-digit id, the same for the same resource, transition and occurrence.</summary>
    public static string IdFor(string uid, string type, string occurrence)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{uid}\n{type}\n{occurrence}"));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}
