using System.Text.Encodings.Web;
using System.Text.Json;

namespace Airwave.Sandbox.Kubernetes.Storage;

/// <summary>JSON as Go's encoder writes it: quotes as \" and no escaping of HTML-sensitive characters.</summary>
internal static class WireJson
{
    public static JsonSerializerOptions Options { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
